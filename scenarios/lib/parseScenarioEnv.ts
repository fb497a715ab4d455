/**
 * The environment every session scenario reads (k6 passes `-e K=V` as __ENV).
 * Parsed from a plain map so the rules are unit-tested outside k6; a bad value
 * throws in k6's init context, which fails the run before any VU starts instead
 * of producing numbers from a misread configuration.
 */
import { ContractError, parseContract, type ScenarioContract } from "./ScenarioContract";

export type EnvMap = Readonly<Record<string, string | undefined>>;

export class ScenarioEnvError extends Error {
  override name = "ScenarioEnvError";
}

export interface ScenarioEnv {
  /** Entry URL without a trailing slash, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  vus: number;
  /** k6 duration syntax, passed through to options.duration (with `iterations`: the most the load may take). */
  duration: string;
  /** A load of this many iterations shared by the VUs (k6's shared-iterations), ended early only by `duration`. */
  iterations: number | undefined;
  /** The app under test's session contract (SESSION_CONTRACT). */
  contract: ScenarioContract;
  /** Global test tags (app, store, lb, replicas, knobs) for whoever reads the raw samples later. */
  tags: Record<string, string>;
  /** Where handleSummary writes; undefined means stdout (a run by hand). */
  summaryPath: string | undefined;
  /**
   * A user's pause before each new action (a page view, a write, the logout), in
   * ms; never between a redirect and the request that follows it, which is the
   * race under test. 0: back to back.
   */
  thinkMs: number;
  /** How long the last read of a session waits for a write it has not seen yet (ms). */
  settleMs: number;
  /** RECORD=off: send the same requests without writing the history, the session metrics or the checks (the bench's overhead baseline). */
  record: boolean;
  /** k6 thresholds the harness asks for (THRESHOLDS): gates k6 judges, and those that may stop the load early. */
  thresholds: Record<string, K6Threshold[]>;
}

export interface K6Threshold {
  threshold: string;
  abortOnFail: boolean;
  delayAbortEval?: string;
}

function thresholds(env: EnvMap): Record<string, K6Threshold[]> {
  const value = present(env, "THRESHOLDS");
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ScenarioEnvError(`THRESHOLDS must be JSON${got(value)}`);
  }
  const ok =
    typeof parsed === "object" &&
    parsed !== null &&
    Object.values(parsed).every((list) => Array.isArray(list) && list.every((t) => typeof t === "object" && t !== null && typeof (t as K6Threshold).threshold === "string"));
  if (!ok) throw new ScenarioEnvError(`THRESHOLDS must map metric names to [{threshold, abortOnFail}]${got(value)}`);
  return parsed as Record<string, K6Threshold[]>;
}

function recordFlag(env: EnvMap): boolean {
  const value = present(env, "RECORD");
  if (value === undefined || value === "on") return true;
  if (value === "off") return false;
  throw new ScenarioEnvError(`RECORD must be on or off${got(value)}`);
}

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const TAG_VALUE = /^[A-Za-z0-9._,=/-]{1,256}$/;

function present(env: EnvMap, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function got(value: string | undefined): string {
  return value === undefined ? " (not set)" : ` (got ${JSON.stringify(value)})`;
}

/** An integer option in [min, max], `fallback` when unset. */
export function envInt(env: EnvMap, name: string, fallback: number, min = 1, max = 1_000_000): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw new ScenarioEnvError(`${name} must be an integer ${min}-${max}${got(value)}`);
}

/** An http:// or https:// URL option (required), without a trailing slash. */
export function envUrl(env: EnvMap, name: string): string {
  const value = present(env, name);
  if (value === undefined || !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(value)) {
    throw new ScenarioEnvError(`${name} must be an http:// or https:// URL${got(value)}`);
  }
  return value.replace(/\/+$/, "");
}

function baseUrl(env: EnvMap): string {
  const value = present(env, "BASE_URL");
  if (value === undefined || !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(value)) {
    throw new ScenarioEnvError(`BASE_URL must be an http:// or https:// URL${got(value)}`);
  }
  return value.replace(/\/+$/, "");
}

/** TAGS: comma-separated key=value pairs, e.g. app=sample,store=redis. */
function tags(env: EnvMap): Record<string, string> {
  const value = present(env, "TAGS");
  if (value === undefined) return {};
  const out: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq);
    const v = pair.slice(eq + 1);
    if (eq < 1 || !TAG_VALUE.test(v) || !/^[a-z][a-z0-9_-]*$/.test(key)) throw new ScenarioEnvError(`TAGS must be key=value pairs joined by ","${got(value)}`);
    out[key] = v;
  }
  return out;
}

export function parseScenarioEnv(env: EnvMap): ScenarioEnv {
  const duration = present(env, "DURATION") ?? "10s";
  if (!DURATION.test(duration)) throw new ScenarioEnvError(`DURATION must be a k6 duration such as 30s or 1m30s${got(duration)}`);
  let contract: ScenarioContract;
  try {
    contract = parseContract(env.SESSION_CONTRACT);
  } catch (err) {
    if (err instanceof ContractError) throw new ScenarioEnvError(err.message);
    throw err;
  }
  return {
    baseUrl: baseUrl(env),
    vus: envInt(env, "VUS", 10, 1, 100_000),
    duration,
    iterations: present(env, "ITERATIONS") === undefined ? undefined : envInt(env, "ITERATIONS", 1, 1, 10_000_000),
    contract,
    tags: tags(env),
    summaryPath: present(env, "SUMMARY_PATH"),
    thinkMs: envInt(env, "THINK_MS", 0, 0, 60_000),
    settleMs: envInt(env, "SETTLE_MS", 250, 0, 60_000),
    record: recordFlag(env),
    thresholds: thresholds(env),
  };
}
