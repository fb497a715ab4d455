/**
 * The committed docker-compose.yml with Debian's docker-compose 1.29: it is
 * valid, it comes up, and the harness runs against it (--url, with a fault
 * through its Toxiproxy) to a report; `down` leaves nothing.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freePort } from "../../harness/net/freePort";
import { onPath } from "../../harness/tools/findTool";
import { projectRoot } from "../../harness/tools/projectRoot";
import { until } from "./support/cli";
import { noDocker } from "./support/docker";
import { runForTest } from "./support/runForTest";

const composeBin = onPath("docker-compose");
const skip = noDocker ?? (composeBin === undefined ? "no docker-compose (npm run setup installs it)" : undefined);

function compose(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(composeBin ?? "docker-compose", ["-p", `shtest${process.pid}`, ...args], { cwd: projectRoot(), env: { ...process.env, ...env }, encoding: "utf8" });
}

describe.skipIf(skip !== undefined)(`docker-compose.yml${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("comes up, and a harness run against it (--url, a fault through its Toxiproxy) ends with a report", async () => {
    const env = { SESSION_HARNESS_PORT: String(await freePort()), SESSION_HARNESS_TOXIPROXY_PORT: String(await freePort()) };
    expect(compose(["config", "-q"], env).status).toBe(0);
    try {
      const up = compose(["up", "-d"], env);
      expect(up.status, up.stderr).toBe(0);
      const url = `http://127.0.0.1:${env.SESSION_HARNESS_PORT}`;
      let ready = false;
      const poll = setInterval(() => void fetch(`${url}/__harness/healthz`).then((r) => (ready = r.ok), () => undefined), 200);
      await until("the compose cluster", () => ready, 60_000).finally(() => clearInterval(poll));
      const { result } = await runForTest({
        scenario: "login-loop",
        store: "redis",
        url,
        toxiproxyUrl: `http://127.0.0.1:${env.SESSION_HARNESS_TOXIPROXY_PORT}`,
        faults: ["latency=20ms,target=app-2,at=1s,for=1s"],
        duration: "4s",
        vus: 4,
      });
      expect(result.status, result.error).toBe("completed");
      expect(result.cluster.backend).toBe("external");
      expect(result.metrics.requests).toBeGreaterThan(200);
      expect(result.metrics.logouts.hits).toBe(0);
      expect(Object.keys(result.metrics.replicaResponses).sort()).toEqual(["app-1", "app-2", "app-3"]);
      expect(result.faults.map((f) => f.event)).toEqual(["start", "end"]);
    } finally {
      expect(compose(["down", "-v", "--remove-orphans"], env).status).toBe(0);
    }
    expect(compose(["ps", "-q"], env).stdout.trim()).toBe("");
  });
});
