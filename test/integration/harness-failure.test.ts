/**
 * A run whose own plumbing fails ends as ERROR naming the harness, not as
 * FAIL naming the app (issue 17). The whole run (its nginx, replicas and k6)
 * runs inside a network namespace this test makes; mid-run a packet filter
 * rule inside that namespace drops every SYN to the replicas, as a full
 * connection-tracking table does. nginx's connects to live replicas then time
 * out, it marks them down and answers "no live upstreams": before, the report
 * called that "server errors, 100% replica unreachable", FAIL. Nothing
 * outside the namespace is touched, and no packet leaves loopback.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunResult } from "../../harness/report/RunResult";
import { onPath } from "../../harness/tools/findTool";
import { has, loadBegan, runDir } from "./support/chaos";
import { leftovers, readLedger, startCli, until } from "./support/cli";
import { testReportsDir } from "./support/runForTest";

const NS = `sh-test-plumbing-${process.pid}`;
const inNs = (...cmd: string[]): string => execFileSync("ip", ["netns", "exec", NS, ...cmd], { encoding: "utf8" });

/** Why the namespace cannot be made here, or undefined (then it exists, loopback up). */
function makeNamespace(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root to make a network namespace";
  const missing = ["ip", "iptables"].filter((tool) => onPath(tool) === undefined);
  if (missing.length > 0) return `${missing.join(", ")} not installed (npm run setup installs them)`;
  try {
    execFileSync("ip", ["netns", "add", NS]);
    execFileSync("ip", ["-n", NS, "link", "set", "lo", "up"]);
    inNs("iptables", "-S");
    return undefined;
  } catch (err) {
    return `cannot make a network namespace with a packet filter here: ${(err as Error).message.split("\n")[0] ?? ""}`;
  }
}

const noNamespace = makeNamespace();

afterAll(() => {
  // The rules go with it; the run's processes were stopped by the harness itself.
  if (noNamespace === undefined) execFileSync("ip", ["netns", "delete", NS]);
});

describe.skipIf(noNamespace !== undefined)(`a harness whose network fails${noNamespace ? ` (skipped: ${noNamespace})` : ""}`, () => {
  it("dropped SYNs to live replicas: ERROR naming the machine, exit 1, no gate judged on the app", async () => {
    const reportsDir = testReportsDir();
    const cli = startCli(["login-loop", "--store", "memory", "--replicas", "2", "--vus", "2", "--duration", "8s"], reportsDir, {}, ["ip", "netns", "exec", NS]);
    let exited = false;
    void cli.done.then(() => (exited = true));
    try {
      await until("the load to begin", () => exited || loadBegan(reportsDir), 60_000);
      expect(exited, "the run ended before its load began").toBe(false);
      const ledger = readLedger(runDir(reportsDir));
      const replicas = ledger?.processes.filter((p) => p.name.startsWith("app-")) ?? [];
      const nginx = ledger?.processes.find((p) => p.name === "nginx");
      expect(replicas).toHaveLength(2);
      if (!nginx) throw new Error("no nginx in the ledger");
      for (const port of replicas.flatMap((r) => r.ports)) inNs("iptables", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport", String(port), "--syn", "-j", "DROP");
      // nginx keeps its connections to the replicas alive; a reload starts a
      // worker with none, as keepalive_requests or an idle timeout would in time,
      // so its next requests need new connections, whose SYNs are now dropped.
      process.kill(nginx.pid, "SIGHUP");
    } catch (err) {
      // A failed step must not leave the run going: interrupted, it stops everything it started.
      cli.child.kill("SIGINT");
      await cli.done;
      throw err;
    }

    const end = await cli.done;
    const dir = runDir(reportsDir);
    expect(has(reportsDir, "result.json"), end.stderr).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as RunResult;
    const report = readFileSync(join(dir, "report.md"), "utf8");

    // The failure was real: requests were answered 5xx, which the app was blamed for before.
    expect(result.metrics.serverErrors.hits).toBeGreaterThan(0);
    expect(end.code).toBe(1);
    expect(result).toMatchObject({ status: "failed", verdict: "error", gates: [] });
    expect(result.error).toMatch(/^the harness failed, not the app: SYNs to app-\d, running on loopback, went unanswered .*the kernel dropped them/);
    expect(report.split("\n")[0]).toMatch(/^# login-loop: ERROR: the harness failed, not the app: .*To avoid it: look for a packet filter rule on loopback/);
    expect(report).not.toMatch(/FAIL|attributed to replica unreachable/);
    expect(end.stdout).toMatch(/ERROR/);
    expect(end.stdout).not.toMatch(/\bFAIL\b/);

    const findings = result.plumbing?.findings ?? [];
    const timeouts = findings.filter((f) => f.kind === "connect-timeout");
    expect(timeouts.map((f) => f.link.split(" ")[2]).sort()).toEqual(["app-1", "app-2"]);
    expect(timeouts.every((f) => f.blame === "machine" && f.cause === "kernel-dropped")).toBe(true);
    expect(findings.find((f) => f.kind === "no-live-upstreams")).toMatchObject({ blame: "machine" });
    // The sampler ran in the run's namespace: connections were counted, and no listen queue overflowed.
    expect(result.plumbing?.pressure?.listenDrops).toBe(0);
    expect(result.plumbing?.churn?.requests).toBeGreaterThan(0);
    expect(await leftovers(dir)).toEqual([]);
  });
});
