import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";
import { projectRoot } from "../../../harness/tools/projectRoot";

const sample = await loadProfile("sample");
const minimal = await loadProfile(join(projectRoot(), "test", "fixtures", "profiles", "minimal.json"));
const build = (req: Parameters<typeof buildRunConfig>[0], profile = sample) => buildRunConfig(req, profile);

describe("buildRunConfig", () => {
  it("fills every default from the harness and the profile", () => {
    const c = build({});
    expect(c.scenario).toBe("login-loop");
    expect(c.cluster).toEqual({ backend: "process", app: "sample", replicas: 3, lb: "round-robin", store: "memory", knobs: { commit: "before-redirect", "cookie-fault": "none", expiry: "standard", locking: "off", "redis-wait": "off", secret: "none" } });
    expect(c.load).toEqual({ vus: 10, duration: "10s", durationMs: 10_000, views: 5, thinkMs: 0 });
    expect(c.faults).toEqual([]);
  });

  it("takes numbers as typed text or as numbers", () => {
    expect(build({ replicas: "4", vus: 20, think: "50ms", duration: "1m30s" }).load).toMatchObject({ vus: 20, thinkMs: 50, durationMs: 90_000 });
  });

  it.each([
    [{ store: "files" }, '--store "files" is not allowed for app sample: use one of memory, redis'],
    [{ knobs: { commit: "never" } }, '--commit "never" is not allowed for app sample: use one of before-redirect, after-response, headers-first'],
    [{ knobs: { locking: "on" } }, "--locking on needs --store redis (app sample)"],
    [{ knobs: { sticky: "on" } }, 'app sample has no knob "sticky": its knobs are commit, cookie-fault, secret, redis-wait, expiry, locking'],
    [{ replicas: "40" }, '--replicas "40" is not allowed: use a whole number from 1 to 32'],
    [{ replicas: "-1" }, '--replicas "-1" is not allowed'],
    [{ vus: 0 }, '--vus "0" is not allowed: use a whole number from 1 to 1000'],
    [{ duration: "0.4ms" }, '--duration "0.4ms" is too short: use at least 1s'],
    [{ duration: "-5s" }, '--duration "-5s" is not a duration'],
    [{ think: "2m" }, '--think "2m" is not allowed'],
    [{ lb: "random" }, '--lb "random" is not allowed: use one of round-robin, ip-hash, cookie-hash, least-conn'],
    [{ backend: "k8s" }, '--backend "k8s" is not allowed: use one of process'],
    [{ scenario: "nope" }, 'unknown scenario "nope": use one of'],
    [{ faults: ["latency=50ms"] }, "latency acts on the links from the replicas to the store, and store \"memory\" has none"],
    [{ store: "redis", duration: "3s", faults: ["down,at=1h"] }, "it would never fire"],
    [{ vus: 4, iterations: 3 }, "--iterations 3 is fewer than --vus 4: every user needs one at least"],
    [{ iterations: "lots" }, '--iterations "lots" is not allowed: use a whole number from 1 to 10000000'],
    [{ scenario: "browser-login-loop", iterations: 50 }, "--iterations does not apply to browser-login-loop"],
  ])("%j is refused: %s", (req, message) => {
    expect(() => build(req)).toThrow(message);
  });

  it("a counted load: the count, bounded by --duration or, without it, by k6's own 10 minutes", () => {
    expect(build({ vus: 4, iterations: "200" }).load).toMatchObject({ vus: 4, iterations: 200, duration: "10m", durationMs: 600_000 });
    expect(build({ vus: 4, iterations: 200, duration: "1m" }).load).toMatchObject({ iterations: 200, durationMs: 60_000 });
    expect(build({}).load.iterations).toBeUndefined();
  });

  it("checks knobs against the chosen app: another app has other knobs", () => {
    expect(() => build({ knobs: { commit: "after-response" } }, minimal)).toThrow('has no knob "commit": it has none');
    expect(build({ store: "redis", faults: ["latency=5ms,target=app-2"] }, minimal).faults[0]).toMatchObject({ kind: "latency", target: "app-2" });
  });
});
