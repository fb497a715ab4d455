import { describe, expect, it } from "vitest";
import { envInt, envRate, parseScenarioEnv, ScenarioEnvError } from "../../../scenarios/lib/parseScenarioEnv";

const BASE = { BASE_URL: "http://127.0.0.1:8080/" };

describe("parseScenarioEnv", () => {
  it("applies defaults and trims the base URL", () => {
    expect(parseScenarioEnv(BASE)).toEqual({
      baseUrl: "http://127.0.0.1:8080",
      vus: 10,
      duration: "10s",
      users: 100,
      cookieName: "sid",
      replicaNames: [],
      tags: {},
      summaryPath: undefined,
      thinkMs: 0,
    });
  });

  it("reads every option the harness passes", () => {
    const env = parseScenarioEnv({
      ...BASE,
      VUS: "4",
      DURATION: "1m30s",
      USERS: "7",
      COOKIE_NAME: "app_sid",
      REPLICA_NAMES: "app-1, app-2,app-1",
      STORE: "redis",
      LB: "ip-hash",
      REPLICAS: "2",
      SUMMARY_PATH: "/tmp/s.json",
      THINK_MS: "25",
    });
    expect(env).toMatchObject({ vus: 4, duration: "1m30s", users: 7, cookieName: "app_sid", summaryPath: "/tmp/s.json", thinkMs: 25 });
    expect(env.replicaNames).toEqual(["app-1", "app-2"]);
    expect(env.tags).toEqual({ store: "redis", lb: "ip-hash", replicas: "2" });
  });

  it("tags samples with the commit policy and locking when the harness passes them", () => {
    const env = parseScenarioEnv({ ...BASE, STORE: "redis", COMMIT: "after-response", LOCKING: "on" });
    expect(env.tags).toEqual({ store: "redis", commit: "after-response", locking: "on" });
  });

  it.each([
    [{}, /BASE_URL .*\(not set\)/],
    [{ BASE_URL: "127.0.0.1:8080" }, /BASE_URL must be an http/],
    [{ ...BASE, DURATION: "10" }, /DURATION must be a k6 duration/],
    [{ ...BASE, VUS: "0" }, /VUS must be an integer 1-100000 \(got "0"\)/],
    [{ ...BASE, USERS: "ten" }, /USERS must be an integer/],
    [{ ...BASE, REPLICA_NAMES: "app-1,app{2}" }, /REPLICA_NAMES must be a comma list/],
    [{ ...BASE, COOKIE_NAME: "s id" }, /COOKIE_NAME/],
  ])("rejects %j", (env, message) => {
    expect(() => parseScenarioEnv(env)).toThrow(ScenarioEnvError);
    expect(() => parseScenarioEnv(env)).toThrow(message);
  });
});

describe("envInt / envRate", () => {
  it("falls back when unset or blank", () => {
    expect(envInt({ VIEWS: " " }, "VIEWS", 5)).toBe(5);
    expect(envRate({}, "GATE_LOGOUT_RATE", 0)).toBe(0);
  });

  it("honours the range", () => {
    expect(envInt({ VIEWS: "0" }, "VIEWS", 5, 0)).toBe(0);
    expect(() => envInt({ VIEWS: "0" }, "VIEWS", 5)).toThrow(/VIEWS must be an integer 1-/);
    expect(() => envInt({ VIEWS: "-1" }, "VIEWS", 5, 0)).toThrow(ScenarioEnvError);
  });

  it("reads rates between 0 and 1 only", () => {
    expect(envRate({ G: "0.05" }, "G", 0)).toBe(0.05);
    expect(envRate({ G: ".5" }, "G", 0)).toBe(0.5);
    expect(envRate({ G: "1" }, "G", 0)).toBe(1);
    for (const bad of ["1.5", "-0.1", "5%", "1e-3"]) expect(() => envRate({ G: bad }, "G", 0)).toThrow(/G must be a rate/);
  });
});
