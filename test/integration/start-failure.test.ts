/**
 * A part that dies before it is ready fails the start with a message naming it,
 * and nothing the run had started stays behind.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PartLauncher } from "../../harness/cluster/process/PartLauncher";
import { freePort, isPortFree, portLease } from "../../harness/net/freePort";
import { RunLedger, type LedgerFile } from "../../harness/process/RunLedger";
import { findTool } from "../../harness/tools/findTool";
import { REDIS } from "../../harness/tools/pinnedTools";
import { waitForHttp, waitForTcp } from "../../harness/wait/waitStrategies";

describe("start-up failure", () => {
  it("names the part that died, and stopAll leaves no process and no port behind", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "session-harness-fail-"));
    const launcher = new PartLauncher(runDir, new RunLedger(runDir, "fail-test"), portLease());
    const redisPort = await freePort();
    const redis = await launcher.launch({
      spec: { name: "redis", command: findTool(REDIS), args: ["--port", String(redisPort), "--save", "", "--appendonly", "no"] },
      ports: [redisPort],
      ready: waitForTcp(redisPort),
    });
    const appPort = await freePort();
    await expect(
      launcher.launch({
        spec: { name: "app-1", command: process.execPath, args: ["-e", "console.error('boom'); process.exit(3)"] },
        ports: [appPort],
        ready: waitForHttp(`http://127.0.0.1:${appPort}/healthz`),
      }),
    ).rejects.toThrow(/^app-1 exited before it was ready \(code 3; HTTP http:\/\/127\.0\.0\.1:\d+\/healthz\); log: \S+\/app-1\.log; last lines: "boom"$/);
    expect(readFileSync(launcher.logFile("app-1"), "utf8")).toContain("boom");

    await launcher.stopAll();
    expect(existsSync(`/proc/${redis.pid}`)).toBe(false);
    expect(await isPortFree(redisPort)).toBe(true);
    const ledger = JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile;
    expect(ledger.processes).toEqual([]);
  });

  // Another process answering on the part's port made the readiness check pass
  // (or time out with a misleading message); the part never served anything.
  it("a part whose port another process holds fails by name, naming the holder", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "session-harness-port-"));
    const launcher = new PartLauncher(runDir, new RunLedger(runDir, "port-test"), portLease());
    const squatter = createServer((_req, res) => res.end("not the app"));
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      await expect(
        launcher.launch({
          // Starts and stays up but never listens: its readiness can only be answered by the squatter.
          spec: { name: "app-1", command: process.execPath, args: ["-e", "setInterval(() => {}, 1000)"] },
          ports: [port],
          ready: waitForHttp(`http://127.0.0.1:${port}/healthz`),
        }),
      ).rejects.toThrow(new RegExp(`^app-1 could not take port ${port}: pid ${process.pid} \\(node\\) holds it`));
      await launcher.stopAll();
      const ledger = JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile;
      expect(ledger.processes).toEqual([]);
    } finally {
      squatter.close();
    }
  });

  // A rival listener took the port after it was claimed: the part comes up on
  // another port instead of failing the run as if the app were broken.
  it("a part that lost its port to another program is started again on a new one", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "session-harness-retry-"));
    const lines: string[] = [];
    const launcher = new PartLauncher(runDir, new RunLedger(runDir, "retry-test"), portLease(), (l) => lines.push(l));
    const squatter = createServer((_req, res) => res.end("not redis"));
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const taken = (squatter.address() as { port: number }).port;
    try {
      const { proc, ports } = await launcher.launchOnPorts(
        1,
        ([p = 0]) => ({
          spec: { name: "redis", command: findTool(REDIS), args: ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"] },
          ports: [p],
          ready: waitForTcp(p),
        }),
        [taken],
      );
      expect(ports[0]).not.toBe(taken);
      expect(proc.running).toBe(true);
      expect(lines.join("\n")).toMatch(new RegExp(`redis lost port ${taken} to another program`));
      await launcher.stopAll();
      launcher.ports.releaseAll();
      expect(await isPortFree(ports[0] ?? 0)).toBe(true);
    } finally {
      squatter.close();
    }
  });
});
