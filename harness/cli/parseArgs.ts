import { parseArgs as nodeParseArgs } from "node:util";
import {
  COMMIT_POLICIES,
  DEFAULT_CLUSTER,
  DEFAULT_LOAD,
  LB_POLICIES,
  MAX_REPLICAS,
  MIN_REPLICAS,
  STORES,
  replicaNames,
  type RunConfig,
} from "../config/RunConfig";
import { parseFaultSpec } from "../faults/FaultSpec";
import { parseDuration } from "../config/parseDuration";
import { UsageError } from "./UsageError";

/** Knobs `--compare` can vary, each over all its values. */
export const COMPARE_KNOBS = ["store", "lb", "commit", "locking"] as const;
type CompareKnob = (typeof COMPARE_KNOBS)[number];
const KNOB_VALUES: Record<CompareKnob, readonly string[]> = {
  store: STORES,
  lb: LB_POLICIES,
  commit: COMMIT_POLICIES,
  locking: ["off", "on"],
};

export type Command =
  | { kind: "help" }
  /** No arguments (memory vs redis, the walking-skeleton demo), or --compare KNOB. */
  | { kind: "compare"; runs: RunConfig[] }
  | { kind: "run"; run: RunConfig };

const OPTIONS = {
  store: { type: "string" },
  replicas: { type: "string" },
  lb: { type: "string" },
  commit: { type: "string" },
  locking: { type: "boolean" },
  vus: { type: "string" },
  duration: { type: "string" },
  views: { type: "string" },
  think: { type: "string" },
  fault: { type: "string", multiple: true },
  compare: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const FLAGS = Object.keys(OPTIONS).map((k) => `--${k}`);

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${JSON.stringify(value)} is not allowed: use one of ${allowed.join(", ")}`);
}

function intIn(flag: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} ${JSON.stringify(value)} is not allowed: use a whole number from ${min} to ${max}`);
  }
  return n;
}

function rewordNodeError(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) throw new UsageError(`unknown flag ${unknown[1]}: allowed flags are ${FLAGS.join(", ")}`);
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) throw new UsageError(`${missing[1]} needs a value`);
  throw new UsageError(message.split("\n")[0] ?? message);
}

/** argv (after `npm run scenario --`) → what to do. Pure: throws UsageError, starts nothing. */
export function parseArgs(argv: string[], scenarios: readonly string[]): Command {
  let parsed;
  try {
    parsed = nodeParseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    rewordNodeError(err);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (argv.length === 0) return { kind: "compare", runs: STORES.map((store) => defaultRun(store)) };
  if (positionals.length > 1) throw new UsageError(`one scenario at a time, got ${positionals.join(" ")}`);
  const scenario = positionals[0] ?? "login-loop";
  if (!scenarios.includes(scenario)) {
    throw new UsageError(`unknown scenario ${JSON.stringify(scenario)}: use one of ${scenarios.join(", ")}`);
  }
  const duration = values.duration ?? DEFAULT_LOAD.duration;
  const durationMs = parseDuration(duration);
  if (durationMs === undefined) {
    throw new UsageError(`--duration ${JSON.stringify(duration)} is not a duration: use k6's form, e.g. 500ms, 10s, 1m30s`);
  }
  const load = {
    vus: intIn("vus", values.vus, 1, 1000, DEFAULT_LOAD.vus),
    duration,
    durationMs,
    views: intIn("views", values.views, 1, 100, DEFAULT_LOAD.views),
    thinkMs: thinkTime(values.think),
  };
  const knob = values.compare === undefined ? undefined : oneOf("compare", values.compare, COMPARE_KNOBS, "store");
  if (knob === undefined) return { kind: "run", run: buildRun(values, scenario, load) };
  if (values[knob] !== undefined) throw new UsageError(`--compare ${knob} runs every ${knob}; leave out --${knob}`);
  if (knob === "locking" && values.store !== "redis") throw new UsageError("--compare locking needs --store redis: only the Redis store can lock");
  return { kind: "compare", runs: KNOB_VALUES[knob].map((v) => buildRun({ ...values, [knob]: knob === "locking" ? v === "on" : v }, scenario, load)) };
}

function thinkTime(value: string | undefined): number {
  if (value === undefined || value === "0") return DEFAULT_LOAD.thinkMs;
  const ms = parseDuration(value);
  if (ms === undefined || ms > 60_000) throw new UsageError(`--think ${JSON.stringify(value)} is not allowed: use 0 or a duration up to 60s, e.g. 50ms`);
  return ms;
}

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean | string[]>>;

function buildRun(values: Values, scenario: string, load: RunConfig["load"]): RunConfig {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const store = oneOf("store", str(values.store), STORES, DEFAULT_CLUSTER.store);
  const replicas = intIn("replicas", str(values.replicas), MIN_REPLICAS, MAX_REPLICAS, DEFAULT_CLUSTER.replicas);
  const locking = values.locking === true;
  if (locking && store !== "redis") throw new UsageError("--locking needs --store redis: a per-process Map has no lock other replicas would see");
  const faults = Array.isArray(values.fault) ? values.fault : [];
  return {
    scenario,
    cluster: {
      backend: "process",
      store,
      replicas,
      lb: oneOf("lb", str(values.lb), LB_POLICIES, DEFAULT_CLUSTER.lb),
      commit: oneOf("commit", str(values.commit), COMMIT_POLICIES, DEFAULT_CLUSTER.commit),
      locking,
    },
    faults: faults.map((text) => parseFaultSpec(text, replicaNames(replicas), store)),
    load,
  };
}

function defaultRun(store: RunConfig["cluster"]["store"]): RunConfig {
  return { scenario: "login-loop", cluster: { ...DEFAULT_CLUSTER, store }, load: { ...DEFAULT_LOAD }, faults: [] };
}
