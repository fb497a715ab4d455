import { AUDIT_SCENARIO, isBrowserScenario } from "./RunConfig";

/**
 * The flags that mean something for some scenarios only, and which: the one
 * owner of that fact. buildRunConfig refuses a flag given for a scenario it
 * does not apply to (one line, exit 2, nothing started) instead of starting a
 * run that ignores it; a config file's `defaults` apply to the runs they fit.
 * Flags not listed here (--app, --store, --replicas, --lb, --proxy-buffering,
 * knobs, --weaken, --url …) shape the cluster and apply to every scenario.
 */

/** What a request holds of these flags; harness/run/buildRunConfig.ts's RunRequest is one. */
export interface ScenarioFlagInput {
  views?: unknown;
  httpVus?: unknown;
  tls?: boolean;
  think?: unknown;
  vus?: unknown;
  duration?: unknown;
  iterations?: unknown;
  faults?: readonly unknown[];
  gates?: readonly unknown[];
  baseline?: unknown;
}

export interface ScenarioFlag {
  flag: string;
  /** What it sets, in the user's words. */
  what: string;
  given: (req: ScenarioFlagInput) => boolean;
  appliesTo: (scenario: string) => boolean;
}

/** Every scenario but the audit: those k6 drives with users for a duration. */
const load = (scenario: string): boolean => scenario !== AUDIT_SCENARIO;
const some = (v: readonly unknown[] | undefined): boolean => (v?.length ?? 0) > 0;

export const SCENARIO_FLAGS: readonly ScenarioFlag[] = [
  // scenarios/login-loop.ts is the one that reads VIEWS.
  { flag: "views", what: "protected-page views per login", given: (r) => r.views !== undefined, appliesTo: (s) => s === "login-loop" },
  { flag: "http-vus", what: "k6 HTTP users beside the browser users", given: (r) => r.httpVus !== undefined, appliesTo: isBrowserScenario },
  {
    flag: "tls",
    what: "a TLS entry, which only browser users and the audit use (k6's HTTP users send to the plain one)",
    given: (r) => r.tls === true,
    appliesTo: (s) => isBrowserScenario(s) || s === AUDIT_SCENARIO,
  },
  { flag: "vus", what: "how many users send load", given: (r) => r.vus !== undefined, appliesTo: load },
  { flag: "duration", what: "how long the load runs", given: (r) => r.duration !== undefined, appliesTo: load },
  // Browser users are timed: each holds a browser for the whole load.
  { flag: "iterations", what: "a load of a fixed count of iterations", given: (r) => r.iterations !== undefined, appliesTo: (s) => load(s) && !isBrowserScenario(s) },
  { flag: "think", what: "a user's pause between actions", given: (r) => r.think !== undefined, appliesTo: load },
  { flag: "fault", what: "a fault injected while the load runs", given: (r) => some(r.faults), appliesTo: load },
  { flag: "gate", what: "what passes, judged on the load's rates", given: (r) => some(r.gates), appliesTo: load },
  { flag: "baseline", what: "an earlier load run's rates to compare with", given: (r) => r.baseline !== undefined, appliesTo: load },
];

/** Why a scenario takes none of a kind of flag, where that is not plain from the flag. */
const WHY_NOT: Readonly<Record<string, string>> = {
  [AUDIT_SCENARIO]: "it sends its own requests one at a time, cuts the store link itself, and each of its checks is a gate",
};

/** The first flag of `req` that does not apply to `scenario`, if any. Pure. */
export function inapplicableFlag(req: ScenarioFlagInput, scenario: string): ScenarioFlag | undefined {
  return SCENARIO_FLAGS.find((f) => f.given(req) && !f.appliesTo(scenario));
}

const list = (names: readonly string[]): string => (names.length <= 1 ? `${names[0] ?? "no scenario"} only` : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`);

/**
 * The one-line refusal: the flag, what it sets, the scenarios it applies to
 * (of `scenarios`, every scenario there is) and that it should be left out. Pure.
 */
export function inapplicableFlagMessage(f: ScenarioFlag, scenario: string, scenarios: readonly string[]): string {
  const why = WHY_NOT[scenario];
  return `--${f.flag} does not apply to ${scenario}${why === undefined ? "" : ` (${why})`}: it sets ${f.what}, and applies to ${list([...scenarios].sort().filter(f.appliesTo))}; leave it out`;
}
