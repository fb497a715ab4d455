import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResult } from "../../../harness/report/readResult";
import { renderComparison } from "../../../harness/report/renderComparison";
import { type RunResult } from "../../../harness/report/RunResult";
import { projectRoot } from "../../../harness/tools/projectRoot";

const base = readResult(readFileSync(join(projectRoot(), "test/fixtures/result/login-loop.result.json"), "utf8"));
const header = (text: string): string[] => (text.split("\n")[0] ?? "").split("|").map((c) => c.trim()).filter(Boolean);

describe("renderComparison", () => {
  it("shows only the columns login-loop measures", () => {
    expect(header(renderComparison([base]))).toEqual(["scenario", "store", "lb", "replicas", "requests", "logouts", "p95", "answered by", "verdict"]);
  });

  it("adds the knobs and metrics of write scenarios, and the knob a comparison varies", () => {
    const stats = { rate: 0.25, hits: 1, total: 4 };
    const withWrites = (locking: string): RunResult => ({
      ...base,
      config: { ...base.config, cluster: { ...base.config.cluster, store: "redis", knobs: { commit: "before-redirect", locking } } },
      metrics: { ...base.metrics, staleReads: stats, lostUpdates: stats },
    });
    const text = renderComparison([withWrites("off"), withWrites("on")]);
    expect(header(text)).toEqual(expect.arrayContaining(["commit", "locking", "stale reads", "lost updates"]));
    expect(text).toContain("25.0% (1/4)");
    expect(text.split("\n")).toHaveLength(4);
  });

  it("adds the app when the runs compare apps, and a knob only when it varies (no writes)", () => {
    const other: RunResult = { ...base, app: { ...base.app, name: "php" }, config: { ...base.config, cluster: { ...base.config.cluster, knobs: { commit: "after-response", locking: "off" } } } };
    expect(header(renderComparison([base, other]))).toEqual(["scenario", "app", "store", "lb", "replicas", "commit", "requests", "logouts", "p95", "answered by", "verdict"]);
  });
});
