// redis-sentinel on the real parts: three Redis nodes, three sentinels, the
// sample app on ioredis asking them where the primary is. The failover
// fault's two kinds: a killed primary (its replicas had everything, so the
// users only wait), and a partitioned one (the apps keep writing to it, and
// what it took is gone when it rejoins), with min-replicas-to-write as the
// setting that turns that loss into refused writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FinishedRun } from "../../harness/run/runScenario";
import { dockerLeftovers, noDocker } from "../integration/support/docker";
import { expectRunCleanedUp, runForTest } from "../integration/support/runForTest";

interface Op {
  s: string;
  op: string;
  t0: number;
  outcome: string;
}

const history = (run: FinishedRun): Op[] =>
  readFileSync(join(run.runDir, "history.ndjson"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Op);

/** The failover's start and end events, and the promoted node the start names. */
function failover(run: FinishedRun): { start: number; end: number; promoted: string; startDetail: string; endDetail: string } {
  const start = run.result.faults.find((f) => f.kind === "failover" && f.event === "start");
  const end = run.result.faults.find((f) => f.kind === "failover" && f.event === "end");
  const promoted = /the sentinels promoted (redis-\d) /.exec(start?.detail ?? "")?.[1] ?? "";
  console.log(`${run.runDir}: ${start?.detail ?? "no start"} | ${end?.detail ?? "no end"} | logouts ${run.result.metrics.logouts.hits} | 5xx ${run.result.metrics.serverErrors.hits} | causes ${JSON.stringify(run.result.anomalies.byCause)}`);
  return { start: start?.t ?? NaN, end: end?.t ?? NaN, promoted, startDetail: start?.detail ?? "", endDetail: end?.detail ?? "" };
}

// Long sessions (100 views 30 ms apart): users are mid-session when the old primary rejoins.
const LONG = { scenario: "login-loop", store: "redis-sentinel", vus: 16, views: 100, think: "30ms" } as const;
const PARTITION = "failover,kind=partition,at=3s,for=4s";

describe("redis-sentinel", () => {
  it("without a fault: the app finds the primary through the sentinels, 0 logouts in at least 2,000 authenticated requests", async () => {
    const run = await runForTest({ scenario: "login-loop", store: "redis-sentinel", iterations: 110, duration: "60s", vus: 10, views: 20 });
    expect(run.result.status, run.result.error).toBe("completed");
    expect(run.result.metrics.logouts.total).toBeGreaterThanOrEqual(2000);
    expect(run.result.metrics.logouts.hits).toBe(0);
    expect(run.result.verdict).toBe("pass");
    await expectRunCleanedUp(run.runDir);
  });

  it("failover (kill): a replica is promoted, the app follows it, and the old primary comes back as its replica", async () => {
    const run = await runForTest({ ...LONG, duration: "20s", faults: ["failover,at=3s,for=5s"] });
    expect(run.result.status, run.result.error).toBe("completed");
    const f = failover(run);
    expect(f.startDetail).toMatch(/^redis-1 \(the primary\) killed; the sentinels promoted redis-[23] [\d.]+ m?s later$/);
    expect(f.endDetail).toMatch(new RegExp(`^redis-1 started again, empty, and a replica of ${f.promoted} [\\d.]+ m?s later$`));
    // Requests are served again once the new primary is known: logins after the promotion succeed.
    const promotedAt = f.start + Number(/promoted redis-\d ([\d.]+) s/.exec(f.startDetail)?.[1] ?? "0") * 1000;
    expect(history(run).filter((o) => o.op === "login" && o.t0 > promotedAt + 1000 && o.outcome === "ok").length).toBeGreaterThan(10);
    // Its replicas had every acknowledged write: nothing the harness cannot explain was lost.
    expect(run.result.anomalies.byCause["unknown"]).toBeUndefined();
    // The old primary refused connections while it was down: the fault's doing, not the harness's plumbing.
    expect(run.result.verdict).not.toBe("error");
    await expectRunCleanedUp(run.runDir);
  });

  it("failover,kind=partition: what the cut-off primary took is lost when it rejoins; min-replicas-to-write refuses it instead", async () => {
    const lost = await runForTest({ ...LONG, duration: "25s", faults: [PARTITION] });
    expect(lost.result.status, lost.result.error).toBe("completed");
    const f = failover(lost);
    expect(f.endDetail).toMatch(new RegExp(`^redis-1 reachable again, and a replica of ${f.promoted} `));
    expect(lost.result.metrics.logouts.hits).toBeGreaterThan(0);
    expect(lost.result.anomalies.byCause["failover lost the write"]).toBe(lost.result.metrics.logouts.hits);
    expect(lost.result.verdict).toBe("fail");
    await expectRunCleanedUp(lost.runDir);

    const refused = await runForTest({ ...LONG, duration: "25s", faults: [PARTITION], storeMinReplicasToWrite: "1", storeMinReplicasMaxLag: "1" });
    expect(refused.result.status, refused.result.error).toBe("completed");
    failover(refused);
    expect(refused.result.metrics.logouts.hits).toBe(0);
    expect(refused.result.metrics.serverErrors.hits).toBeGreaterThan(0);
    await expectRunCleanedUp(refused.runDir);
  });
});

describe("the Express example on redis-sentinel (node-redis 5's createSentinel)", () => {
  it("failover (kill): its requests wait for the new primary instead of failing, and no session is lost", async () => {
    const run = await runForTest({ app: "express", scenario: "login-loop", store: "redis-sentinel", vus: 10, duration: "15s", faults: ["failover,at=4s"] });
    expect(run.result.status, run.result.error).toBe("completed");
    expect(failover(run).promoted).toMatch(/^redis-[23]$/);
    expect(run.result.metrics.logouts.hits).toBe(0);
    expect(run.result.metrics.serverErrors.hits).toBe(0);
    await expectRunCleanedUp(run.runDir);
  });
});

describe.skipIf(noDocker !== undefined)(`redis-sentinel on --backend docker${noDocker ? ` (skipped: ${noDocker})` : ""}`, () => {
  it("failover,kind=partition in containers: the nodes announce Toxiproxy's address, and the loss is the failover's", async () => {
    const run = await runForTest({ ...LONG, backend: "docker", duration: "25s", faults: [PARTITION] });
    expect(run.result.status, run.result.error).toBe("completed");
    const f = failover(run);
    expect(f.endDetail).toMatch(new RegExp(`^redis-1 reachable again, and a replica of ${f.promoted} `));
    expect(run.result.metrics.logouts.hits).toBeGreaterThan(0);
    expect(run.result.anomalies.byCause["failover lost the write"]).toBe(run.result.metrics.logouts.hits);
    expect(await dockerLeftovers(run.result.runId)).toEqual([]);
    await expectRunCleanedUp(run.runDir);
  });
});
