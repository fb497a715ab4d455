import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile, resolveProfilePath, validateProfile } from "../../../harness/profile/loadProfile";
import { projectRoot } from "../../../harness/tools/projectRoot";

const FIXTURES = join(projectRoot(), "test", "fixtures", "profiles");
const minimal = (): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, "minimal.json"), "utf8")) as Record<string, unknown>;

/** A copy of the minimal profile with one field set (a dotted path) or removed (undefined). */
function broken(path: string, value: unknown): unknown {
  const p = minimal();
  const keys = path.split(".");
  let at = p;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys.at(-1) ?? "";
  if (value === undefined) delete at[last];
  else at[last] = value;
  return p;
}

const problem = (raw: unknown): string => {
  try {
    validateProfile(raw, "x.json", FIXTURES);
  } catch (err) {
    return (err as Error).message;
  }
  return "(valid)";
};

describe("loadProfile", () => {
  it("loads the built-in sample profile and a JSON profile, filling defaults", async () => {
    const sample = await loadProfile("sample");
    expect(sample.profile.name).toBe("sample");
    expect(sample.file).toMatch(/sample-app\/profile\.ts$/);
    const json = await loadProfile(join(FIXTURES, "minimal.json"));
    expect(json.profile.replica.protocol).toBe("http");
    expect(json.profile.session.login.method).toBe("POST");
    expect(json.profile.knobs).toEqual({});
  });

  it("names the built-ins when a name is neither one nor a path", () => {
    expect(() => resolveProfilePath("rails")).toThrow(/^--app "rails" is not a built-in profile: use one of sample, php, express or the path of a profile file/);
    expect(() => resolveProfilePath("./nope/profile.ts")).toThrow(/no such file/);
  });

  it.each([
    ["session.login.path", undefined, "session.login.path: is required"],
    ["session.anonymous.location", "([", "session.anonymous.location: is not a valid regular expression"],
    ["session.anonymous", {}, "session.anonymous: needs status, location or body"],
    ["defaultStore", "files", "defaultStore: must be one of the stores (memory, redis)"],
    ["replica.process.env.PORT", "{prot}", "replica.process.env.PORT: unknown placeholder {prot}: allowed here are {port}"],
    ["replica.process.env.REDIS", "{store.url}", "replica.process.env.REDIS: unknown placeholder {store.url}"],
    ["stores.memory.env", { X: "{store.url}" }, "stores.memory.env.X: unknown placeholder {store.url}"],
    // A store may name only what its own topology gives: a single Redis has no read endpoint.
    ["stores.redis.env", { X: "{store.readUrl}" }, "stores.redis.env.X: unknown placeholder {store.readUrl}: allowed here are {port}"],
    ["stores.redis.service", "redis-cluster", 'stores.redis.service: Invalid option: expected one of "none"|"redis"|"redis-replica"'],
    ["session.users.username", "tester", "session.users.username: must use {n}"],
    ["session.login.fields.u", "{user}", "session.login.fields.u: unknown placeholder {user}: allowed here are {username} {password}"],
    ["replica.protocol", "fastcgi", "replica.fastcgi: is required when protocol is fastcgi"],
    ["replica.process.files", [{ path: "{replicaDir}/a.conf", template: "nope.conf" }], "replica.process.files.0.template: no such file"],
    ["replica.process.stopSignal", "SIGHUP", "replica.process.stopSignal:"],
    ["colour", "blue", "unknown field colour"],
    ["name", "My App", "name: name must be 1-32 of a-z"],
  ])("%s = %j: %s", (path, value, message) => {
    const got = problem(broken(path, value));
    expect(got.startsWith("--app x.json: ")).toBe(true);
    expect(got).toContain(message);
    expect(got.split("\n")).toHaveLength(1);
  });

  it("checks knob defaults and the stores a knob names", () => {
    const knob = { description: "d", default: "maybe", values: { on: {}, off: {} } };
    expect(problem(broken("knobs", { k: knob }))).toContain("knobs.k.default: must be one of its values (on, off)");
    expect(problem(broken("knobs", { k: { ...knob, default: "on", stores: ["files"] } }))).toContain('knobs.k.stores: names "files", which is not a store');
  });
});
