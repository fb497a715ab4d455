import { describe, expect, it } from "vitest";
import { resolveStorePersistence } from "../../../harness/config/storePersistence";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const redis = { store: "redis", redis: true, external: false };
const sample = await loadProfile("sample");

describe("--store-persistence", () => {
  it("none is the default and adds nothing; everysec and always are Redis's appendfsync", () => {
    expect(resolveStorePersistence(undefined, redis)).toBeUndefined();
    expect(resolveStorePersistence("none", redis)).toBeUndefined();
    expect(resolveStorePersistence("everysec", redis)).toBe("everysec");
    expect(resolveStorePersistence("always", redis)).toBe("always");
  });

  it.each([
    ["sometimes", redis, '--store-persistence "sometimes" is not allowed: use one of none, everysec, always'],
    ["everysec", { ...redis, store: "memory", redis: false }, "--store memory has no Redis"],
    ["everysec", { ...redis, external: true }, "the cluster at --url has its own store"],
  ])("%s on %j is refused in one line", (value, ctx, message) => {
    expect(() => resolveStorePersistence(value, ctx)).toThrow(message);
  });

  it("every Redis node of the plan gets the append-only file, after its own --appendonly no", () => {
    const config = buildRunConfig({ store: "redis-replica", storePersistence: "always" }, sample);
    const nodes = buildPlan(config, sample.profile, sample.dir).parts.flatMap((p) => (p.role === "store" ? [p.node.args] : []));
    expect(nodes).toHaveLength(2);
    for (const args of nodes) {
      expect(args.slice(-4)).toEqual(["--appendonly", "yes", "--appendfsync", "always"]);
      expect(args.indexOf("--appendonly")).toBeLessThan(args.lastIndexOf("--appendonly"));
    }
    const plain = buildPlan(buildRunConfig({ store: "redis" }, sample), sample.profile, sample.dir).parts.flatMap((p) => (p.role === "store" ? p.node.args : []));
    expect(plain).not.toContain("--appendfsync");
  });
});
