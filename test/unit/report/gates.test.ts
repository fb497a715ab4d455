import { describe, expect, it } from "vitest";
import { parseGate } from "../../../harness/config/GateSpec";
import { evaluateGates } from "../../../harness/report/gates";
import { type RunMetrics } from "../../../harness/report/RunResult";
import { type SummaryView } from "../../../harness/report/SummaryView";

const metrics = (logouts: { hits: number; total: number }): RunMetrics => ({
  loadSource: "k6",
  requests: 100,
  requestsPerSecond: 10,
  latency: null,
  flowsCompleted: 0,
  flowsPerSecond: 0,
  flows: {},
  logouts: { ...logouts, rate: logouts.total === 0 ? 0 : logouts.hits / logouts.total },
  loginFailures: { rate: 0, hits: 0, total: 10 },
  serverErrors: { rate: 0, hits: 0, total: 100 },
  unresolved: { writes: 0, reads: 0 },
  app: {},
  replicaResponses: {},
});

const summary = (p95: number, held: boolean): SummaryView => ({
  has: (n) => n === "http_req_duration",
  counter: () => undefined,
  trend: () => undefined,
  thresholdHeld: (m, t) => (m === "http_req_duration" && t === "p(95)<200" ? held : undefined),
  valueOf: (m, s) => (m === "http_req_duration" && s === "p(95)" ? p95 : undefined),
  samples: () => undefined,
});

describe("evaluateGates", () => {
  it("judges session rates from the history, with the value and samples", () => {
    const [g] = evaluateGates(metrics({ hits: 66, total: 100 }), [parseGate("session_logouts<=60%")], undefined);
    expect(g).toMatchObject({ ok: false, value: 0.66, samples: 100, judge: "history", text: "session_logouts<=60%" });
  });

  it("leaves out a rate the scenario does not measure; a rate with no samples holds", () => {
    expect(evaluateGates(metrics({ hits: 0, total: 0 }), [parseGate("session_stale_reads<=0"), parseGate("session_logouts<=0")], undefined)).toEqual([
      expect.objectContaining({ metric: "session_logouts", ok: true, samples: 0 }),
    ]);
  });

  it("takes k6's verdict and value for k6 metrics", () => {
    const gate = parseGate("http_req_duration:p(95)<200");
    expect(evaluateGates(metrics({ hits: 0, total: 1 }), [gate], summary(250, false))[0]).toMatchObject({ ok: false, value: 250, judge: "k6" });
    expect(evaluateGates(metrics({ hits: 0, total: 1 }), [gate], summary(120, true))[0]).toMatchObject({ ok: true, value: 120 });
  });

  it("fails a k6 gate when k6 left no summary, saying so instead of guessing", () => {
    const [g] = evaluateGates(metrics({ hits: 0, total: 1 }), [parseGate("http_req_duration:p(95)<200")], undefined);
    expect(g).toMatchObject({ ok: false, why: "k6 wrote no summary" });
  });
});
