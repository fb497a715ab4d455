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
import { freePort, isPortFree } from "../../harness/net/freePort";
import { RunLedger, type LedgerFile } from "../../harness/process/RunLedger";
import { findTool } from "../../harness/tools/findTool";
import { REDIS } from "../../harness/tools/pinnedTools";
import { waitForHttp, waitForTcp } from "../../harness/wait/waitStrategies";

describe("start-up failure", () => {
  it("names the part that died, and stopAll leaves no process and no port behind", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "session-harness-fail-"));
    const launcher = new PartLauncher(runDir, new RunLedger(runDir, "fail-test"));
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
    ).rejects.toThrow(/^app-1 exited before it was ready \(HTTP http:\/\/127\.0\.0\.1:\d+\/healthz\); see its log$/);
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
    const launcher = new PartLauncher(runDir, new RunLedger(runDir, "port-test"));
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
});
