import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { distinguishingLabels, runLabel } from "../../../harness/report/format";
import { readResult } from "../../../harness/report/readResult";
import { type RunResult } from "../../../harness/report/RunResult";
import { projectRoot } from "../../../harness/tools/projectRoot";

const base = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));

/** The fixture's run with its setup changed as a comparison would. */
function run(change: { store?: string; lb?: string; replicas?: number; knobs?: Record<string, string>; faults?: string[]; vus?: number; name?: string; scenario?: string }): RunResult {
  const c = base.config;
  return {
    ...base,
    scenario: change.scenario ?? base.scenario,
    config: {
      ...c,
      ...(change.name === undefined ? {} : { name: change.name }),
      cluster: { ...c.cluster, store: change.store ?? c.cluster.store, lb: (change.lb ?? c.cluster.lb) as RunResult["config"]["cluster"]["lb"], replicas: change.replicas ?? c.cluster.replicas, knobs: { ...c.cluster.knobs, ...change.knobs } },
      load: { ...c.load, vus: change.vus ?? c.load.vus },
      faults: (change.faults ?? []).map((text) => ({ text }) as RunResult["config"]["faults"][number]),
    },
  };
}

describe("distinguishingLabels: runs side by side named by what differs", () => {
  it("the default comparison: store=memory, store=redis", () => {
    expect(distinguishingLabels([run({ store: "memory" }), run({ store: "redis" })])).toEqual(["store=memory", "store=redis"]);
  });

  it("every facet that differs, in the order of the full description, knobs and load included", () => {
    expect(distinguishingLabels([run({ store: "redis", knobs: { locking: "off" } }), run({ store: "redis", knobs: { locking: "on" } })])).toEqual(["locking=off", "locking=on"]);
    expect(distinguishingLabels([run({ lb: "round-robin", vus: 10 }), run({ lb: "ip-hash", vus: 30 })])).toEqual(["lb=round-robin · vus=10", "lb=ip-hash · vus=30"]);
    expect(distinguishingLabels([run({ faults: [] }), run({ faults: ["latency=50ms"] })])).toEqual(["no fault", "latency=50ms"]);
    expect(distinguishingLabels([run({ scenario: "login-loop" }), run({ scenario: "write-redirect-race", store: "redis" })])).toEqual(["login-loop · store=memory", "write-redirect-race · store=redis"]);
  });

  it("the config file's names when each run has its own; run N for runs set up alike; the whole setup for one run", () => {
    expect(distinguishingLabels([run({ name: "before" }), run({ name: "after", store: "redis" })])).toEqual(["before", "after"]);
    expect(distinguishingLabels([run({}), run({})])).toEqual(["run 1", "run 2"]);
    expect(distinguishingLabels([run({})])).toEqual([runLabel(run({}))]);
  });

  it("leaves the full description as it was: scenario, app, store, replicas, lb, knobs, faults", () => {
    expect(runLabel(run({ faults: ["down,at=1s"] }))).toBe("login-loop · sample · store=memory · replicas=2 · lb=round-robin · commit=before-redirect · locking=off · down,at=1s");
  });
});
