import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { LB_POLICIES } from "../config/RunConfig";
import { UsageError } from "../errors/UsageError";
import { type AppProfile, demoStores, type KnobDef } from "../profile/AppProfile";
import { type RunRequest } from "../run/buildRunConfig";

/** The harness's own flags; a profile's knobs add theirs (--commit, --locking, …). */
const HARNESS_OPTIONS = {
  app: { type: "string" },
  backend: { type: "string" },
  url: { type: "string" },
  "toxiproxy-url": { type: "string" },
  store: { type: "string" },
  "store-maxmemory": { type: "string" },
  "store-persistence": { type: "string" },
  "store-replicas": { type: "string" },
  "store-min-replicas-to-write": { type: "string" },
  "store-min-replicas-max-lag": { type: "string" },
  "store-policy": { type: "string" },
  replicas: { type: "string" },
  lb: { type: "string" },
  "proxy-buffering": { type: "string" },
  vus: { type: "string" },
  duration: { type: "string" },
  views: { type: "string" },
  iterations: { type: "string" },
  "http-vus": { type: "string" },
  think: { type: "string" },
  fault: { type: "string", multiple: true },
  compare: { type: "string" },
  gate: { type: "string", multiple: true },
  weaken: { type: "string", multiple: true },
  baseline: { type: "string" },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
  tls: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

export type Command =
  | { kind: "help" }
  /** No arguments (the default app's stores side by side), or --compare KNOB. */
  | { kind: "compare"; runs: RunRequest[]; knob: string }
  | { kind: "run"; run: RunRequest }
  /** --config FILE: the runs it names (the file is read by the caller). */
  | { kind: "config"; path: string; gates: string[]; baseline?: string };

/** A knob with exactly the values off and on is a switch: `--locking` alone means on. */
export function isSwitch(knob: KnobDef): boolean {
  const values = Object.keys(knob.values).sort();
  return values.length === 2 && values[0] === "off" && values[1] === "on";
}

/** `--NAME X` or `--NAME=X` anywhere in argv, before the profile (and so the full flag set) is known. */
function earlyArgument(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg === `--${name}`) value = argv[i + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  }
  return value;
}

/** The app under test, read first: its profile decides the rest of the flags. */
export const appArgument = (argv: readonly string[]): string | undefined => earlyArgument(argv, "app");
/** The config file, read first: it may name the app. */
export const configArgument = (argv: readonly string[]): string | undefined => earlyArgument(argv, "config");

function optionsFor(profile: AppProfile): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, opt] of Object.entries(HARNESS_OPTIONS)) options[name] = { ...opt, multiple: true };
  for (const name of Object.keys(profile.knobs)) {
    if (name in HARNESS_OPTIONS) throw new UsageError(`the app's profile names a knob ${JSON.stringify(name)}, which is also a harness flag (--${name}): rename the knob in the profile`);
    options[name] = { type: "string", multiple: true };
  }
  return options;
}

/**
 * What a user types, made what node's parser reads: a negative number after a
 * flag is that flag's value (so `--replicas -1` is refused for its range, not
 * as an unknown flag), and a switch knob alone means on (`--locking`), while
 * `--locking on|off` still works.
 */
function normalize(argv: readonly string[], profile: AppProfile, options: NonNullable<ParseArgsConfig["options"]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const next = argv[i + 1];
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    const knob = name === undefined ? undefined : profile.knobs[name];
    if (knob && isSwitch(knob) && (next === undefined || !(next in knob.values))) {
      out.push(`${arg}=on`);
    } else if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function rewordNodeError(err: unknown, flags: string[]): never {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) throw new UsageError(`unknown flag ${unknown[1]}: allowed flags are ${flags.join(", ")}`);
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) throw new UsageError(`${missing[1]} needs a value`);
  // "--replicas -1": Node reads -1 as another flag and calls the value ambiguous.
  const ambiguous = /Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) throw new UsageError(`${ambiguous[1]} takes a value that does not start with "-" (write ${ambiguous[1]}=VALUE if you mean it)`);
  const noValue = /Option '(--[\w-]+)' does not take an argument/.exec(message);
  if (noValue) throw new UsageError(`${noValue[1]} is a switch and takes no value: write just ${noValue[1]}`);
  throw new UsageError(message.split("\n")[0] ?? message);
}

type Values = Record<string, (string | boolean)[] | undefined>;

/** Flags that may be given more than once. */
const REPEATABLE = new Set(["fault", "gate", "weaken"]);

/** The one value of a flag given at most once (except the repeatable ones). */
function single(values: Values, name: string): string | boolean | undefined {
  const all = values[name];
  if (all === undefined || all.length === 0) return undefined;
  if (all.length > 1 && !REPEATABLE.has(name)) throw new UsageError(`--${name} given ${all.length} times: give it once`);
  return all[0];
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** argv (after `npm run scenario --`) → what to do, for the app `profile`. Pure: throws UsageError, starts nothing. */
export function parseArgs(argv: string[], profile: AppProfile): Command {
  const options = optionsFor(profile);
  let parsed;
  try {
    parsed = nodeParseArgs({ args: normalize(argv, profile, options), options, allowPositionals: true, strict: true });
  } catch (err) {
    rewordNodeError(err, Object.keys(options).map((k) => `--${k}`));
  }
  const values = parsed.values as Values;
  const { positionals } = parsed;
  if (single(values, "help") === true) return { kind: "help" };
  const gates = (values.gate ?? []).map(String);
  const baseline = str(single(values, "baseline"));
  const config = str(single(values, "config"));
  if (config !== undefined) {
    const others = Object.keys(values).filter((k) => !["config", "gate", "baseline", "app"].includes(k) && (values[k]?.length ?? 0) > 0);
    if (others.length > 0 || positionals.length > 0) {
      throw new UsageError(`--config ${config} names the runs: put ${[...positionals, ...others.map((k) => `--${k}`)].join(", ")} in the file (only --gate and --baseline may be added)`);
    }
    return { kind: "config", path: config, gates, ...(baseline === undefined ? {} : { baseline }) };
  }
  if (argv.length === 0) return { kind: "compare", knob: "store", runs: demoStores(profile).map((store) => ({ store })) };
  if (positionals.length > 1) throw new UsageError(`one scenario at a time, got ${positionals.join(" ")}`);

  const knobs: Record<string, string> = {};
  for (const name of Object.keys(profile.knobs)) {
    const v = str(single(values, name));
    if (v !== undefined) knobs[name] = v;
  }
  const run: RunRequest = {
    ...(positionals[0] === undefined ? {} : { scenario: positionals[0] }),
    ...optional("backend", str(single(values, "backend"))),
    ...optional("url", str(single(values, "url"))),
    ...optional("toxiproxyUrl", str(single(values, "toxiproxy-url"))),
    ...optional("store", str(single(values, "store"))),
    ...optional("storeMaxmemory", str(single(values, "store-maxmemory"))),
    ...optional("storePolicy", str(single(values, "store-policy"))),
    ...optional("storePersistence", str(single(values, "store-persistence"))),
    ...optional("storeReplicas", str(single(values, "store-replicas"))),
    ...optional("storeMinReplicasToWrite", str(single(values, "store-min-replicas-to-write"))),
    ...optional("storeMinReplicasMaxLag", str(single(values, "store-min-replicas-max-lag"))),
    ...optional("replicas", str(single(values, "replicas"))),
    ...optional("lb", str(single(values, "lb"))),
    ...optional("proxyBuffering", str(single(values, "proxy-buffering"))),
    ...(single(values, "tls") === true ? { tls: true } : {}),
    ...optional("vus", str(single(values, "vus"))),
    ...optional("duration", str(single(values, "duration"))),
    ...optional("iterations", str(single(values, "iterations"))),
    ...optional("views", str(single(values, "views"))),
    ...optional("httpVus", str(single(values, "http-vus"))),
    ...optional("think", str(single(values, "think"))),
    knobs,
    faults: (values.fault ?? []).map(String),
    ...(values.weaken?.length ? { weaken: values.weaken.map(String) } : {}),
    ...(gates.length > 0 ? { gates } : {}),
    ...optional("baseline", baseline),
  };
  const knob = str(single(values, "compare"));
  if (knob === undefined) return { kind: "run", run };
  return { kind: "compare", knob, runs: compareRuns(run, knob, profile) };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** `--compare KNOB`: one run per value of the store, the balancing, or one of the app's knobs. */
function compareRuns(run: RunRequest, knob: string, profile: AppProfile): RunRequest[] {
  const knobs = Object.keys(profile.knobs);
  const allowed = ["store", "lb", ...knobs];
  if (!allowed.includes(knob)) throw new UsageError(`--compare ${JSON.stringify(knob)} is not allowed: use one of ${allowed.join(", ")}`);
  const given = knob === "store" ? run.store : knob === "lb" ? run.lb : run.knobs?.[knob];
  if (given !== undefined) throw new UsageError(`--compare ${knob} runs every ${knob}; leave out --${knob}`);
  if (knob === "store") return Object.keys(profile.stores).map((store) => ({ ...run, store }));
  if (knob === "lb") return LB_POLICIES.map((lb) => ({ ...run, lb }));
  return Object.keys(profile.knobs[knob]?.values ?? {}).map((value) => ({ ...run, knobs: { ...run.knobs, [knob]: value } }));
}
