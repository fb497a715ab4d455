import { describe, expect, it } from "vitest";
import { envInt, parseScenarioEnv, ScenarioEnvError } from "../../../scenarios/lib/parseScenarioEnv";
import { scenarioOptions } from "../../../scenarios/common/scenarioOptions";
import { PHP_LIKE, SAMPLE } from "./contracts";

const BASE = { BASE_URL: "http://127.0.0.1:8080/", SESSION_CONTRACT: JSON.stringify(SAMPLE) };

describe("parseScenarioEnv", () => {
  it("applies defaults and trims the base URL", () => {
    expect(parseScenarioEnv(BASE)).toEqual({
      baseUrl: "http://127.0.0.1:8080",
      vus: 10,
      duration: "10s",
      contract: SAMPLE,
      tags: {},
      summaryPath: undefined,
      thinkMs: 0,
      settleMs: 250,
      record: true,
      thresholds: {},
    });
  });

  it("a counted load: ITERATIONS becomes k6's shared-iterations, DURATION its bound", () => {
    const env = parseScenarioEnv({ ...BASE, VUS: "4", DURATION: "1m", ITERATIONS: "300" });
    expect(env.iterations).toBe(300);
    expect(scenarioOptions(env)).toMatchObject({ scenarios: { default: { executor: "shared-iterations", vus: 4, iterations: 300, maxDuration: "1m" } } });
    expect(scenarioOptions(env)).not.toHaveProperty("duration");
    expect(scenarioOptions(parseScenarioEnv(BASE))).toMatchObject({ vus: 10, duration: "10s" });
    expect(() => parseScenarioEnv({ ...BASE, ITERATIONS: "0" })).toThrow(/ITERATIONS/);
  });

  it("reads the k6 thresholds and RECORD, refusing malformed ones in one line", () => {
    const thresholds = { session_logouts: [{ threshold: "rate<=0.5", abortOnFail: true }] };
    expect(parseScenarioEnv({ ...BASE, THRESHOLDS: JSON.stringify(thresholds), RECORD: "off" })).toMatchObject({ thresholds, record: false });
    expect(() => parseScenarioEnv({ ...BASE, THRESHOLDS: "{" })).toThrow(/^THRESHOLDS must be JSON/);
    expect(() => parseScenarioEnv({ ...BASE, THRESHOLDS: '{"x": 1}' })).toThrow(/^THRESHOLDS must map metric names/);
    expect(() => parseScenarioEnv({ ...BASE, RECORD: "maybe" })).toThrow(/^RECORD must be on or off/);
  });

  it("reads every option the harness passes", () => {
    const env = parseScenarioEnv({
      ...BASE,
      SESSION_CONTRACT: JSON.stringify(PHP_LIKE),
      VUS: "4",
      DURATION: "1m30s",
      TAGS: "app=php,store=files,lb=round-robin,replicas=3,commit=script-end",
      SUMMARY_PATH: "/tmp/s.json",
      THINK_MS: "25",
      SETTLE_MS: "400",
    });
    expect(env).toMatchObject({ vus: 4, duration: "1m30s", contract: PHP_LIKE, summaryPath: "/tmp/s.json", thinkMs: 25, settleMs: 400 });
    expect(env.tags).toEqual({ app: "php", store: "files", lb: "round-robin", replicas: "3", commit: "script-end" });
  });

  it.each([
    [{ BASE_URL: "127.0.0.1:8080" }, /BASE_URL must be an http/],
    [{ DURATION: "ten" }, /DURATION must be a k6 duration/],
    [{ VUS: "0" }, /VUS must be an integer 1-100000 \(got "0"\)/],
    [{ TAGS: "store" }, /TAGS must be key=value pairs/],
    [{ SESSION_CONTRACT: "" }, /SESSION_CONTRACT is not set/],
    [{ SESSION_CONTRACT: "{" }, /SESSION_CONTRACT is not JSON/],
    [{ SESSION_CONTRACT: JSON.stringify({ ...SAMPLE, login: undefined }) }, /SESSION_CONTRACT has no login/],
    [{ SESSION_CONTRACT: JSON.stringify({ ...SAMPLE, headers: {} }) }, /headers.replica must name a header/],
  ])("refuses %j, failing the run at init", (env, message) => {
    expect(() => parseScenarioEnv({ ...BASE, ...env })).toThrow(ScenarioEnvError);
    expect(() => parseScenarioEnv({ ...BASE, ...env })).toThrow(message);
  });
});

describe("envInt", () => {
  it("reads a bounded integer with a default", () => {
    expect(envInt({}, "WRITES", 5)).toBe(5);
    expect(envInt({ WRITES: "7" }, "WRITES", 5)).toBe(7);
    expect(() => envInt({ WRITES: "7.5" }, "WRITES", 5)).toThrow(/WRITES must be an integer/);
    expect(() => envInt({ WRITES: "2000" }, "WRITES", 5, 1, 1000)).toThrow(/1-1000/);
  });
});
