import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_SCENARIO } from "../../../harness/config/RunConfig";
import { inapplicableFlag, inapplicableFlagMessage, SCENARIO_FLAGS } from "../../../harness/config/scenarioFlags";
import { listScenarios } from "../../../harness/k6/bundleScenario";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig, type RunRequest } from "../../../harness/run/buildRunConfig";
import { projectRoot } from "../../../harness/tools/projectRoot";

const sample = await loadProfile("sample");
const k6Scenarios = listScenarios();
const every = [...k6Scenarios, AUDIT_SCENARIO];
const flag = (name: string) => {
  const f = SCENARIO_FLAGS.find((x) => x.flag === name);
  if (!f) throw new Error(`no ${name} in the table`);
  return f;
};

describe("which flags apply to which scenario: one table", () => {
  it("knows every scenario there is, and each flag applies to at least one", () => {
    expect(k6Scenarios).toEqual(["browser-login-loop", "concurrent-tabs", "login-loop", "write-redirect-race"]);
    for (const f of SCENARIO_FLAGS) expect(every.filter(f.appliesTo), f.flag).not.toEqual([]);
  });

  it("says where each flag applies", () => {
    const where = Object.fromEntries(SCENARIO_FLAGS.map((f) => [f.flag, every.filter(f.appliesTo)]));
    const load = ["browser-login-loop", "concurrent-tabs", "login-loop", "write-redirect-race"];
    expect(where).toEqual({
      views: ["login-loop"],
      "http-vus": ["browser-login-loop"],
      tls: ["browser-login-loop", AUDIT_SCENARIO],
      vus: load,
      duration: load,
      iterations: load.filter((s) => s !== "browser-login-loop"),
      think: load,
      fault: load,
      gate: load,
      baseline: load,
    });
  });

  // The table must say what the scenarios do: a scenario that reads VIEWS or HTTP_VUS takes the flag, one that does not refuses it.
  it.each([
    ["views", "VIEWS"],
    ["http-vus", "HTTP_VUS"],
  ])("--%s applies exactly to the scenarios that read %s", (name, env) => {
    const reads = k6Scenarios.filter((s) => readFileSync(join(projectRoot(), "scenarios", `${s}.ts`), "utf8").includes(`"${env}"`));
    expect(k6Scenarios.filter(flag(name).appliesTo)).toEqual(reads);
  });

  it("finds the first flag given that does not apply, and none for flags left out or empty", () => {
    expect(inapplicableFlag({ views: "3" }, "write-redirect-race")?.flag).toBe("views");
    expect(inapplicableFlag({ views: "3" }, "login-loop")).toBeUndefined();
    expect(inapplicableFlag({ faults: [], gates: [], tls: false }, AUDIT_SCENARIO)).toBeUndefined();
    expect(inapplicableFlag({ tls: true }, "login-loop")?.flag).toBe("tls");
    expect(inapplicableFlag({ tls: true }, AUDIT_SCENARIO)).toBeUndefined();
    expect(inapplicableFlag({ think: 0 }, AUDIT_SCENARIO)?.flag).toBe("think");
  });

  it("words the refusal in one line: the flag, what it sets, where it applies", () => {
    expect(inapplicableFlagMessage(flag("views"), "write-redirect-race", every)).toBe(
      "--views does not apply to write-redirect-race: it sets protected-page views per login, and applies to login-loop only; leave it out",
    );
    expect(inapplicableFlagMessage(flag("tls"), "concurrent-tabs", every)).toBe(
      "--tls does not apply to concurrent-tabs: it sets a TLS entry, which only browser users and the audit use (k6's HTTP users send to the plain one), and applies to browser-login-loop and session-audit; leave it out",
    );
    expect(inapplicableFlagMessage(flag("fault"), AUDIT_SCENARIO, every)).toBe(
      "--fault does not apply to session-audit (it sends its own requests one at a time, cuts the store link itself, and each of its checks is a gate): it sets a fault injected while the load runs, and applies to browser-login-loop, concurrent-tabs, login-loop and write-redirect-race; leave it out",
    );
  });
});

describe("buildRunConfig refuses a flag its scenario ignores", () => {
  it.each<[RunRequest, string]>([
    [{ scenario: "write-redirect-race", views: "3" }, "--views does not apply to write-redirect-race"],
    [{ scenario: "concurrent-tabs", views: 2 }, "--views does not apply to concurrent-tabs"],
    [{ scenario: "browser-login-loop", views: "3" }, "--views does not apply to browser-login-loop"],
    [{ scenario: "login-loop", httpVus: "2" }, "--http-vus does not apply to login-loop"],
    [{ scenario: "write-redirect-race", tls: true }, "--tls does not apply to write-redirect-race"],
    [{ scenario: AUDIT_SCENARIO, vus: "5" }, "--vus does not apply to session-audit"],
    [{ scenario: AUDIT_SCENARIO, baseline: "r.json" }, "--baseline does not apply to session-audit"],
  ])("%j", (req, message) => {
    expect(() => buildRunConfig(req, sample)).toThrow(message);
  });

  it("takes each where it applies", () => {
    expect(buildRunConfig({ scenario: "login-loop", views: "3" }, sample).load.views).toBe(3);
    expect(buildRunConfig({ scenario: "browser-login-loop", httpVus: "1", tls: true }, sample).cluster.tls).toBe(true);
    expect(buildRunConfig({ scenario: AUDIT_SCENARIO, tls: true }, sample).cluster.tls).toBe(true);
    expect(buildRunConfig({ scenario: "write-redirect-race", think: "10ms", vus: "3" }, sample).load).toMatchObject({ thinkMs: 10, vus: 3 });
  });
});
