import { isAbsolute, resolve } from "node:path";
import { DEFAULT_SCENARIO } from "../config/RunConfig";
import { inapplicableFlag } from "../config/scenarioFlags";
import { UsageError } from "../errors/UsageError";
import { type RunRequest } from "../run/buildRunConfig";
import { type ConfigFile, type ConfigMatrix, type ConfigRun, MAX_CONFIG_RUNS } from "./ConfigFile";

const str = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : String(v));

/** Every combination of the matrix's axes, first axis slowest, each with a name saying what it set. */
function matrixRuns(m: ConfigMatrix): ConfigRun[] {
  const axes: [string, ConfigRun[]][] = [];
  const axis = <T>(key: string, values: readonly T[] | undefined, part: (v: T) => ConfigRun, label: (v: T) => string): void => {
    if (values !== undefined) axes.push([key, values.map((v) => ({ ...part(v), name: label(v) }))]);
  };
  axis("scenario", m.scenario, (scenario) => ({ scenario }), (v) => v);
  axis("store", m.store, (store) => ({ store }), (v) => `store=${v}`);
  axis("lb", m.lb, (lb) => ({ lb }), (v) => `lb=${v}`);
  axis("replicas", m.replicas, (replicas) => ({ replicas }), (v) => `replicas=${v}`);
  axis("backend", m.backend, (backend) => ({ backend }), (v) => `backend=${v}`);
  axis(
    "fault",
    m.fault,
    (f) => ({ faults: f === "none" ? [] : Array.isArray(f) ? f : [f] }),
    (f) => (f === "none" ? "no fault" : Array.isArray(f) ? f.join("+") : f),
  );
  for (const [knob, values] of Object.entries(m.knobs ?? {})) axis(knob, values, (v) => ({ knobs: { [knob]: v } }), (v) => `${knob}=${v}`);
  let runs: ConfigRun[] = [{}];
  for (const [, parts] of axes) {
    runs = runs.flatMap((r) =>
      parts.map((p) => ({ ...r, ...p, knobs: { ...r.knobs, ...p.knobs }, name: [r.name, p.name].filter(Boolean).join(" · ") })),
    );
  }
  return runs;
}

/** The defaults that apply to a run of `scenario`: `views` is for login-loop's runs of a matrix over scenarios, not an error in the others. */
function defaultsFor(defaults: ConfigRun, scenario: string): ConfigRun {
  return Object.fromEntries(Object.entries(defaults).filter(([k, v]) => inapplicableFlag({ [k]: v }, scenario) === undefined));
}

/**
 * A validated config file → one RunRequest per run: `runs` first, then the
 * matrix, each over `defaults` (those of them that apply to its scenario; a
 * run's own flag that does not is refused like the same flag on the command
 * line). Paths are taken from the config file's
 * folder; `--gate` and `--baseline` given on the command line win over the
 * file's. Pure: throws UsageError, starts nothing.
 */
export function expandConfig(config: ConfigFile, dir: string, cli: { gates: readonly string[]; baseline?: string; cwd: string }): RunRequest[] {
  const all = [...(config.runs ?? []), ...(config.matrix ? matrixRuns(config.matrix) : [])];
  if (all.length > MAX_CONFIG_RUNS) throw new UsageError(`the config names ${all.length} runs: at most ${MAX_CONFIG_RUNS} (narrow the matrix)`);
  const path = (p: string | undefined, base: string): string | undefined => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p));
  return all.map((r, i): RunRequest => {
    const d = defaultsFor(config.defaults ?? {}, r.scenario ?? config.defaults?.scenario ?? DEFAULT_SCENARIO);
    const gates = cli.gates.length > 0 ? cli.gates : (r.gates ?? d.gates ?? config.gates);
    const baseline = path(cli.baseline, cli.cwd) ?? path(r.baseline ?? d.baseline ?? config.baseline, dir);
    const pick = <K extends Exclude<keyof ConfigRun, "name">>(k: K): ConfigRun[K] => r[k] ?? d[k];
    const req: RunRequest = {
      name: r.name ?? `run ${i + 1}`,
      knobs: { ...d.knobs, ...r.knobs },
      faults: pick("faults") ?? [],
    };
    const set = <K extends keyof RunRequest>(k: K, v: RunRequest[K] | undefined): void => {
      if (v !== undefined) req[k] = v;
    };
    set("scenario", pick("scenario"));
    set("backend", pick("backend"));
    set("store", pick("store"));
    set("storeMaxmemory", pick("storeMaxmemory"));
    set("storePolicy", pick("storePolicy"));
    set("storePersistence", pick("storePersistence"));
    set("storeReplicas", str(pick("storeReplicas")));
    set("storeMinReplicasToWrite", pick("storeMinReplicasToWrite"));
    set("storeMinReplicasMaxLag", pick("storeMinReplicasMaxLag"));
    set("replicas", str(pick("replicas")));
    set("lb", pick("lb"));
    set("proxyBuffering", pick("proxyBuffering"));
    set("vus", str(pick("vus")));
    set("duration", pick("duration"));
    set("iterations", str(pick("iterations")));
    set("views", str(pick("views")));
    set("httpVus", str(pick("httpVus")));
    set("think", pick("think"));
    set("gates", gates);
    set("baseline", baseline);
    return req;
  });
}
