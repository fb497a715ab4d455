import { describe, expect, it } from "vitest";
import { fanOutFaults } from "../../../harness/config/fanOutFaults";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";
import { describeFault } from "../../../harness/faults/faults";
import { faultTexts } from "../../../harness/report/format";
import { type RunResult } from "../../../harness/report/RunResult";

const sample = await loadProfile("sample");

describe("rolling-restart", () => {
  it("becomes one restart per replica, interval apart from `at`, each saying its step", () => {
    const c = buildRunConfig({ replicas: 3, duration: "20s", faults: ["rolling-restart,interval=4s,at=2s"] }, sample);
    expect(c.faults.map((f) => [f.kind, f.target, f.atMs, f.forMs])).toEqual([
      ["restart", "app-1", 2000, null],
      ["restart", "app-2", 6000, null],
      ["restart", "app-3", 10_000, null],
    ]);
    expect(c.faults.every((f) => f.text === "rolling-restart,interval=4s,at=2s")).toBe(true);
    expect(describeFault(c.faults[1] ?? c.faults[0]!)).toBe("app-2 restarted (stop signal, then started again) (rolling restart, 2 of 3)");
    // The report names the fault once, as the user wrote it.
    expect(faultTexts({ config: c } as unknown as RunResult)).toEqual(["rolling-restart,interval=4s,at=2s"]);
  });

  it("defaults to 3 s apart, and leaves every other fault as it is", () => {
    const c = buildRunConfig({ replicas: 2, store: "redis", faults: ["latency=5ms", "rolling-restart"] }, sample);
    expect(c.faults.map((f) => `${f.kind}@${f.atMs}:${f.target}`)).toEqual(["latency@0:all", "restart@0:app-1", "restart@3000:app-2"]);
  });

  it("refuses a schedule whose last restart would come after the load, and a restart without its replica", () => {
    expect(() => buildRunConfig({ replicas: 4, duration: "10s", faults: ["rolling-restart,interval=4s"] }, sample)).toThrow(
      '--fault "rolling-restart,interval=4s": its last restart (app-4) would come at +12 s, after the load (10 s): lower interval=, or give a longer --duration',
    );
    expect(() => buildRunConfig({ faults: ["restart"] }, sample)).toThrow(/restart/);
    expect(() => buildRunConfig({ faults: ["rolling-restart,target=app-1"] }, sample)).toThrow(/target/);
  });

  it("a plain restart of one replica is an event: no `for`", () => {
    expect(() => buildRunConfig({ faults: ["restart,target=app-2,for=2s"] }, sample)).toThrow(/for/);
    expect(fanOutFaults([], {}, ["app-1"])).toEqual([]);
  });
});

describe("remove-node and add-node", () => {
  it("stay first, at their own `at`, then restart every replica in turn to pick the new list up", () => {
    const c = buildRunConfig({ replicas: 2, store: "memcached", duration: "20s", faults: ["remove-node,target=memcached-2,interval=2s,at=4s"] }, sample);
    expect(c.faults.map((f) => [f.kind, f.target, f.atMs])).toEqual([
      ["remove-node", "memcached-2", 4000],
      ["restart", "app-1", 4000],
      ["restart", "app-2", 6000],
    ]);
    expect(describeFault(c.faults[0]!)).toBe("memcached-2 removed from the server list");
    const add = buildRunConfig({ replicas: 3, store: "memcached", duration: "20s", faults: ["add-node,target=memcached-3"] }, sample);
    expect(add.faults.map((f) => `${f.kind}@${f.atMs}:${f.target}`)).toEqual(["add-node@0:memcached-3", "restart@0:app-1", "restart@3000:app-2", "restart@6000:app-3"]);
  });
});
