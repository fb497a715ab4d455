import { describe, expect, it } from "vitest";
import { formatProgress, metricSamples } from "../../../harness/run/LiveProgress";

describe("live progress", () => {
  it("reads k6's /v1/metrics document", () => {
    const doc = { data: [{ type: "metrics", id: "http_reqs", attributes: { sample: { count: 1200, rate: 400 } } }, { id: "session_logouts", attributes: { sample: { rate: 0.66 } } }, { id: "vus" }] };
    const m = metricSamples(doc);
    expect(m.get("http_reqs")).toEqual({ count: 1200, rate: 400 });
    expect(m.get("session_logouts")).toEqual({ rate: 0.66 });
    expect(m.has("vus")).toBe(false);
  });

  it("says the phase, the load, the session numbers so far and the active faults", () => {
    expect(
      formatProgress({ elapsedMs: 12_400, totalMs: 30_000, requests: 9876, requestsPerSecond: 812.4, logoutRate: 0.012, readsMissingWrite: 31, writesMissingAtEnd: 2, serverErrorRate: 0, faults: ["latency 50 ms on app-2"] }),
    ).toBe("load 12s/30s · 9,876 req (812/s) · logouts 1.2% · reads missing a write 31 · writes missing at the end 2 · faults: latency 50 ms on app-2");
    expect(formatProgress({ elapsedMs: 30_200, totalMs: 30_000, requests: 0, requestsPerSecond: 0, serverErrorRate: 0.5, faults: [] })).toBe(
      "finishing 30s/30s · 0 req (0/s) · 5xx 50.0% · no fault active",
    );
    // A counted load: the count so far, and the time as a bound.
    expect(formatProgress({ elapsedMs: 5_000, totalMs: 60_000, iterations: { done: 1234, of: 5000 }, requests: 7000, requestsPerSecond: 1400, faults: [] })).toBe(
      "load 5s/at most 60s · 1,234/5,000 iterations · 7,000 req (1400/s) · no fault active",
    );
  });
});
