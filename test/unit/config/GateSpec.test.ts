import { describe, expect, it } from "vitest";
import { DEFAULT_GATES, parseGate } from "../../../harness/config/GateSpec";
import { k6Thresholds } from "../../../harness/run/scenarioEnv";

describe("parseGate", () => {
  it.each([
    ["session_logouts<=0.1%", { metric: "session_logouts", threshold: "rate<=0.001", judge: "history", abortOnFail: false }],
    ["session_stale_reads<0.05", { metric: "session_stale_reads", threshold: "rate<0.05", judge: "history" }],
    ["session_logouts:rate<=1%", { metric: "session_logouts", threshold: "rate<=0.01" }],
    ["http_req_duration:p(95) < 200", { metric: "http_req_duration", threshold: "p(95)<200", judge: "k6" }],
    ["session_logouts<=5%,abortOnFail,delayAbortEval=10s", { abortOnFail: true, delayAbortEval: "10s" }],
    ["http_reqs:count>100", { metric: "http_reqs", threshold: "count>100", judge: "k6" }],
  ])("%s", (text, expected) => {
    expect(parseGate(text)).toMatchObject({ text, ...expected });
  });

  it.each([
    ["logouts<=1%", /unknown metric "logouts": gates are on session_logouts/],
    ["session_logouts<=150%", /is a rate: its gate is rate<=X/],
    ["session_logouts", /write METRIC<=RATE/],
    ["http_req_duration:rate<0.1", /is a k6 trend: its thresholds look like p\(95\)<200/],
    ["session_stale_reads<=1%,abortOnFail", /abortOnFail needs a metric k6 measures live/],
    ["session_logouts<=1%,delayAbortEval=10s", /delayAbortEval goes with abortOnFail/],
    ["session_logouts<=1%,abortOnFail,delayAbortEval=soon", /delayAbortEval=soon is not a duration/],
    ["session_logouts<=1%,hurry", /unknown option "hurry"/],
  ])("refuses %s in one line", (text, message) => {
    expect(() => parseGate(text)).toThrow(message);
  });

  it("defaults: any anomaly fails, judged from the history", () => {
    expect(DEFAULT_GATES.every((g) => g.threshold === "rate<=0" && g.judge === "history")).toBe(true);
  });

  it("k6 hears of the gates it judges and of those that may stop the load, nothing else", () => {
    const t = k6Thresholds(["session_stale_reads<=1%", "session_logouts<=50%,abortOnFail,delayAbortEval=5s", "http_req_duration:p(95)<300"].map(parseGate));
    expect(t).toEqual({
      session_logouts: [{ threshold: "rate<=0.5", abortOnFail: true, delayAbortEval: "5s" }],
      http_req_duration: [{ threshold: "p(95)<300", abortOnFail: false }],
    });
  });
});
