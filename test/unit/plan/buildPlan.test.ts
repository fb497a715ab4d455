import { describe, expect, it } from "vitest";
import { balancerPart, replicaParts, storePart, type ReplicaPart } from "../../../harness/plan/Plan";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const sample = await loadProfile("sample");
const plan = (req: Parameters<typeof buildRunConfig>[0]) => buildPlan(buildRunConfig(req, sample), sample.profile, sample.dir);

describe("buildPlan", () => {
  it("a per-process store: replicas and nginx, nothing else", () => {
    const p = plan({ replicas: 2 });
    expect(p.parts.map((x) => `${x.role}:${x.name}`)).toEqual(["replica:app-1", "replica:app-2", "balancer:nginx"]);
    expect(storePart(p)).toBeUndefined();
    expect(replicaParts(p)[0]?.link).toBeUndefined();
    expect(balancerPart(p)).toMatchObject({ lb: "round-robin", cookieName: "sid", protocol: "http", upstreams: ["app-1", "app-2"] });
  });

  it("a Redis store: Redis and Toxiproxy first, one proxy per replica", () => {
    const p = plan({ store: "redis" });
    expect(p.parts.map((x) => x.name)).toEqual(["redis", "toxiproxy", "app-1", "app-2", "app-3", "nginx"]);
    expect(p.parts[1]).toEqual({
      role: "fault-proxy",
      name: "toxiproxy",
      links: ["app-1", "app-2", "app-3"].map((r) => ({ proxy: `redis-${r}`, replica: r, to: "redis" })),
    });
    expect(replicaParts(p).map((r) => r.link)).toEqual(["redis-app-1", "redis-app-2", "redis-app-3"]);
  });

  it("merges the profile's env with the store's and the knobs', placeholders left for the backend", () => {
    const r = replicaParts(plan({ store: "redis", knobs: { commit: "after-response", locking: "on" } }))[0] as ReplicaPart;
    expect(r.launch.env).toMatchObject({
      PORT: "{port}",
      REPLICA: "{replica}",
      SESSION_STORE: "redis",
      REDIS_URL: "{store.url}",
      SESSION_COMMIT: "after-response",
      SESSION_LOCKING: "on",
    });
    expect(r.launch).toMatchObject({ command: "{node}", stdinLifeline: true, stopSignal: "SIGTERM" });
    expect(r.ready).toEqual({ http: { path: "/healthz", status: [200] } });
  });

  it("is the same for the same input: nothing of the machine is in it", () => {
    expect(JSON.stringify(plan({ store: "redis" }))).toBe(JSON.stringify(plan({ store: "redis" })));
  });
});
