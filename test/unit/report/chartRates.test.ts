import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HistoryChecker } from "../../../harness/history/HistoryChecker";
import { type RateCount, type RateName } from "../../../harness/history/HistoryVerdict";
import { TimelineBuilder } from "../../../harness/history/TimelineBuilder";
import { chartData } from "../../../harness/report/html/chartData";
import { rateChart } from "../../../harness/report/html/renderCharts";
import { readResult } from "../../../harness/report/readResult";
import { projectRoot } from "../../../harness/tools/projectRoot";
import { type HistoryOp } from "../../../scenarios/lib/HistoryOp";
import { SessionHistory } from "../history/historyBuilder";

const T0 = 1_000_000;

/** Per-node sessions behind round-robin, as the memory store runs: a login on app-1, then its views go round, 2 in 3 elsewhere. */
function perNodeSessions(): HistoryOp[] {
  const ops: HistoryOp[] = [];
  for (let vu = 1; vu <= 3; vu++) {
    const h = new SessionHistory(vu, 0, T0 + vu).login("app-1");
    for (let v = 1; v <= 6; v++) h.view(`dashboard#${v}`, `app-${((v + vu) % 3) + 1}`, (v + vu) % 3 === 0 ? "ok" : "anonymous");
    ops.push(...h.logout().ops);
  }
  const w = new SessionHistory(9, 0, T0 + 1500).login().write(1, "app-1").read("read#1", [], "app-2").read("read#final", [1], "app-1").logout();
  return [...ops, ...w.ops];
}

/** The run's history streamed as collectHistory does: the verdict, and the timeline fed each rate's samples. */
function stream(ops: readonly HistoryOp[]) {
  const timeline = new TimelineBuilder(T0, 1000);
  const samples: Partial<Record<RateName, RateCount>> = {};
  const checker = new HistoryChecker(
    (a) => timeline.addAnomaly(a),
    undefined,
    (rate, t, hit) => {
      timeline.addSample(rate, t, hit);
      const c = (samples[rate] ??= { hits: 0, total: 0 });
      c.total++;
      if (hit) c.hits++;
    },
  );
  for (const op of ops) {
    checker.add(op);
    timeline.addOp(op);
  }
  return { verdict: checker.finish(), timeline: timeline.result(), samples };
}

describe("the timeline's rates: the tables' denominators, per second", () => {
  it("its samples sum to exactly the verdict's counts, rate by rate", () => {
    const { verdict, samples } = stream(perNodeSessions());
    expect(samples.logouts).toEqual({ hits: verdict.logouts.hits, total: verdict.logouts.total });
    expect(samples.loginFailures).toEqual(verdict.loginFailures);
    expect(samples.serverErrors).toEqual(verdict.serverErrors);
    expect(samples.staleReads).toEqual({ hits: verdict.staleReads?.hits, total: verdict.staleReads?.total });
    expect(samples.lostUpdates).toEqual(verdict.lostUpdates);
    expect(samples.monotonicViolations).toEqual(verdict.monotonicViolations);
    expect(samples.foreignData).toEqual(verdict.foreignData);
  });

  it("the rate chart plots logouts of authenticated requests, as the table, not of every request", () => {
    const { verdict, timeline } = stream(perNodeSessions());
    const fixture = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));
    const d = chartData({ ...fixture, faults: [], timeline });
    expect(d?.denominator).toBe("own");
    const logouts = d?.rates.find((r) => r.kind === "logout");
    expect(logouts?.label).toBe("logouts (% of authenticated requests)");
    // Second 0: three per-node sessions, 12 of their 18 views anonymous (66.7 %), while of all 24 requests
    // (logins and logouts too, which hold no live session) it would read 50 %.
    expect(logouts?.y[0]).toBe(+((100 * 12) / 18).toFixed(3));
    expect(timeline.buckets[0]?.requests).toBe(24);
    // Second 1: a session that wrote and read: 3 authenticated requests, none anonymous.
    expect(logouts?.y[1]).toBe(0);
    expect(verdict.logouts).toEqual({ hits: 12, total: 18 + 3 });
    const stale = d?.rates.find((r) => r.kind === "stale-read");
    expect(stale?.label).toBe("stale reads (% of reads after a write)");
    expect(stale?.y).toEqual([null, 50]);
  });

  it("draws percentages that say so: every tick ends in %, the axis says of what", () => {
    const { timeline } = stream(perNodeSessions());
    const fixture = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));
    const d = chartData({ ...fixture, faults: [], timeline });
    if (!d) throw new Error("no chart data");
    const spec = JSON.parse(/data-spec="([^"]*)"/.exec(rateChart("c", d))?.[1]?.replace(/&#34;/g, '"').replace(/&#38;/g, "&") ?? "{}") as { yTitle: string; yUnit: string; legend: boolean; datasets: { data: { y: number | null }[] }[] };
    expect(spec.yUnit).toBe("%");
    expect(spec.yTitle).toBe("% of the rate's requests (legend)");
    expect(spec.legend).toBe(true);
    // Percent, not a share of 1: 66.667, never 0.667.
    expect(Math.max(...spec.datasets.flatMap((s) => s.data.map((p) => p.y ?? 0)))).toBeGreaterThan(1);
  });

  it("reads an older result (no per-second rates) as before: anomalies of all requests, said so", () => {
    const fixture = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));
    const d = chartData(fixture);
    expect(d?.denominator).toBe("requests");
    expect(rateChart("c", d as NonNullable<typeof d>)).toContain("% of requests");
  });
});
