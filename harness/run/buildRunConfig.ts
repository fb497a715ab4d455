import { resolve } from "node:path";
import { backendNamed, BACKEND_NAMES, EXTERNAL_BACKEND } from "../cluster/backends";
import { parseFaultSpec } from "../config/FaultSpec";
import { DEFAULT_GATES, parseGate } from "../config/GateSpec";
import { parseDuration } from "../config/parseDuration";
import {
  DEFAULT_BACKEND,
  DEFAULT_LB,
  DEFAULT_LOAD,
  DEFAULT_REPLICAS,
  DEFAULT_SCENARIO,
  AUDIT_SCENARIO,
  LB_POLICIES,
  MAX_REPLICAS,
  COUNTED_LOAD_MAX_DURATION,
  MAX_ITERATIONS,
  MAX_VUS,
  MIN_REPLICAS,
  replicaNames,
  type LbPolicy,
  type RunConfig,
  DEFAULT_BROWSER_LOAD,
  isBrowserScenario,
} from "../config/RunConfig";
import { UsageError } from "../errors/UsageError";
import { resolveStoreMemory } from "../config/storeMemory";
import { resolveStorePersistence } from "../config/storePersistence";
import { resolveStoreMinReplicas } from "../config/storeMinReplicas";
import { resolveStoreReplicas } from "../config/storeReplicas";
import { fanOutFaults } from "../config/fanOutFaults";
import { inapplicableFlag, inapplicableFlagMessage } from "../config/scenarioFlags";
import { FAULT_SCHEMAS } from "../faults/faults";
import { listScenarios } from "../k6/bundleScenario";
import { firstSharedStore } from "../profile/AppProfile";
import { type LoadedProfile } from "../profile/loadProfile";
import { capabilitiesOf } from "../topology/StoreTopology";
import { sizedTopology, topologyNamed } from "../topology/topologies";

/** A run as asked for: anything left out takes its default. Numbers may come as the text the user typed. */
export interface RunRequest {
  scenario?: string;
  backend?: string;
  replicas?: number | string;
  lb?: string;
  proxyBuffering?: string;
  tls?: boolean;
  store?: string;
  /** `--store-maxmemory`: a Redis size such as 2mb. */
  storeMaxmemory?: string;
  /** `--store-persistence`: none, everysec or always. */
  storePersistence?: string;
  /** `--store-replicas`: a whole number. */
  storeReplicas?: string;
  /** `--store-min-replicas-to-write`, `--store-min-replicas-max-lag`: whole numbers. */
  storeMinReplicasToWrite?: string;
  storeMinReplicasMaxLag?: string;
  /** `--store-policy`: a Redis maxmemory-policy. */
  storePolicy?: string;
  /** Knob name → value; knobs left out take the profile's default. */
  knobs?: Readonly<Record<string, string>>;
  vus?: number | string;
  duration?: string;
  /** A load of this many iterations in all, within `duration`. */
  iterations?: number | string;
  views?: number | string;
  httpVus?: number | string;
  /** A duration such as "50ms", or 0. */
  think?: string | number;
  faults?: readonly string[];
  /** A cluster started by someone else (docker-compose up): its entry, and its Toxiproxy API. */
  url?: string;
  toxiproxyUrl?: string;
  /** `--gate` texts; none given: the profile's gates, else the defaults. */
  gates?: readonly string[];
  /** An earlier run's result.json to compare with (resolved by the caller). */
  baseline?: string;
  /** A name for the run in a comparison (a config file's `name`). */
  name?: string;
  /** `--weaken`: the profile's weakened variants to switch on. */
  weaken?: readonly string[];
  /** false: no history, session metrics or checks (the bench's overhead baseline; not a CLI flag). */
  record?: false;
}

/** Longest think time: beyond it a "user" is idle, not thinking, and the run measures nothing. */
const MAX_THINK_MS = 60_000;
/** Shortest load k6 runs meaningfully: below it k6 refuses or runs no iteration. */
const MIN_DURATION_MS = 1_000;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T, whose = ""): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${JSON.stringify(value)} is not allowed${whose}: use one of ${allowed.join(", ")}`);
}

/** k6 refuses fewer shared iterations than VUs: said here, before anything starts. */
function iterationsFor(value: number | string, vus: number): number {
  const n = intIn("iterations", value, 1, MAX_ITERATIONS, 1);
  if (n < vus) throw new UsageError(`--iterations ${n} is fewer than --vus ${vus}: every user needs one at least; use ${vus} or more, or fewer VUs`);
  return n;
}

function intIn(flag: string, value: number | string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} ${JSON.stringify(String(value))} is not allowed: use a whole number from ${min} to ${max}`);
  }
  return n;
}

function durationMs(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`--duration ${JSON.stringify(value)} is not a duration: use k6's form, e.g. 10s, 1m30s`);
  if (ms < MIN_DURATION_MS) throw new UsageError(`--duration ${JSON.stringify(value)} is too short: use at least 1s`);
  return ms;
}

/** The network rule: the harness only sends load and faults to this machine's loopback, or to what a run created. */
function loopbackUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a URL: use e.g. http://127.0.0.1:8080`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (url.protocol !== "http:" || !loopback) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not allowed: the harness only sends load to this machine, http://127.0.0.1:PORT (or localhost, [::1])`);
  return url.origin;
}

function thinkMs(value: string | number | undefined): number {
  if (value === undefined || value === 0 || value === "0") return DEFAULT_LOAD.thinkMs;
  const ms = typeof value === "number" ? value : parseDuration(value);
  if (ms === undefined || ms > MAX_THINK_MS) throw new UsageError(`--think ${JSON.stringify(String(value))} is not allowed: use 0 or a duration up to 60s, e.g. 50ms`);
  return ms;
}

/**
 * The knobs of `profile` with this run's values. A value not in the profile,
 * a knob the profile does not have, or a non-default value with a store the
 * knob does not apply to, is one UsageError line naming what is allowed.
 */
function resolveKnobs(loaded: LoadedProfile, store: string, asked: Readonly<Record<string, string>>): Record<string, string> {
  const { profile, source } = loaded;
  const knobs: Record<string, string> = {};
  for (const name of Object.keys(asked)) {
    if (!(name in profile.knobs)) {
      const have = Object.keys(profile.knobs);
      throw new UsageError(`app ${source} has no knob ${JSON.stringify(name)}: ${have.length > 0 ? `its knobs are ${have.join(", ")}` : "it has none"}`);
    }
  }
  for (const [name, knob] of Object.entries(profile.knobs)) {
    const value = oneOf(name, asked[name], Object.keys(knob.values), knob.default, ` for app ${source}`);
    if (value !== knob.default && knob.stores && !knob.stores.includes(store)) {
      throw new UsageError(`--${name} ${value} needs --store ${knob.stores.join(" or ")} (app ${source}): "${knob.description}" means nothing with --store ${store}`);
    }
    knobs[name] = value;
  }
  return knobs;
}

function resolveWeaknesses(loaded: LoadedProfile, asked: readonly string[]): string[] {
  const have = Object.keys(loaded.profile.weaknesses);
  for (const w of asked) {
    if (!have.includes(w)) throw new UsageError(`--weaken ${JSON.stringify(w)} is not allowed for app ${loaded.source}: ${have.length > 0 ? `use one of ${have.join(", ")}` : "its profile declares no weaknesses"}`);
  }
  const twice = asked.find((w, i) => asked.indexOf(w) !== i);
  if (twice !== undefined) throw new UsageError(`--weaken ${twice} given twice: give each once`);
  return [...asked];
}

/** The audit judges an app as deployed behind a balancer: with no store named, the first one every replica shares. */
function auditStore(loaded: LoadedProfile): string {
  return firstSharedStore(loaded.profile) ?? loaded.profile.defaultStore;
}

/** The user's gates, else the profile's, else the defaults, and which it was. */
function chooseGates(user: readonly string[] | undefined, profile: readonly string[] | undefined, app: string): Pick<RunConfig, "gates" | "gatesFrom"> {
  if (user !== undefined && user.length > 0) return { gates: user.map(parseGate), gatesFrom: "user" };
  if (profile !== undefined && profile.length > 0) {
    const gates = profile.map((text, i) => {
      try {
        return parseGate(text);
      } catch (err) {
        throw new UsageError(`--app ${app}: gates.${i}: ${(err as Error).message.replace(/^--gate /, "")}`);
      }
    });
    return { gates, gatesFrom: "profile" };
  }
  return { gates: [...DEFAULT_GATES], gatesFrom: "default" };
}

/**
 * The one way to turn what someone asked for into a RunConfig: the CLI, the
 * tests and the benches all come through here, so a rule (a range, a knob's
 * store) is checked the same everywhere. Pure apart from listing scenarios/.
 */
export function buildRunConfig(req: RunRequest, loaded: LoadedProfile): RunConfig {
  const { profile, source } = loaded;
  const scenarios = listScenarios();
  const scenario = req.scenario ?? DEFAULT_SCENARIO;
  const every = [...scenarios, AUDIT_SCENARIO];
  if (!every.includes(scenario)) throw new UsageError(`unknown scenario ${JSON.stringify(scenario)}: use one of ${every.join(", ")}`);
  const audit = scenario === AUDIT_SCENARIO;
  const inapplicable = inapplicableFlag(req, scenario);
  if (inapplicable) throw new UsageError(inapplicableFlagMessage(inapplicable, scenario, every));
  const external = req.url !== undefined;
  if (external && req.backend !== undefined && req.backend !== EXTERNAL_BACKEND) throw new UsageError(`--url runs against a cluster someone else started: leave out --backend ${req.backend}`);
  const knobFlags = Object.keys(req.knobs ?? {});
  if (external && knobFlags.length > 0) {
    throw new UsageError(`--${knobFlags[0] ?? ""} sets a knob of replicas the harness starts; the cluster at --url was started by someone else, with its own settings: leave it out`);
  }
  if (!external && req.toxiproxyUrl !== undefined) throw new UsageError("--toxiproxy-url goes with --url (a cluster someone else started); the harness starts its own Toxiproxy otherwise");
  const backend = external ? EXTERNAL_BACKEND : oneOf("backend", req.backend, BACKEND_NAMES.filter((b) => b !== EXTERNAL_BACKEND), DEFAULT_BACKEND);
  backendNamed(backend);
  const store = oneOf("store", req.store, Object.keys(profile.stores), audit ? auditStore(loaded) : profile.defaultStore, ` for app ${source}`);
  if (external && (req.weaken?.length ?? 0) > 0) throw new UsageError("--weaken changes replicas the harness starts; the cluster at --url was started by someone else: leave it out");
  const weaken = resolveWeaknesses(loaded, req.weaken ?? []);
  const replicas = intIn("replicas", req.replicas, MIN_REPLICAS, MAX_REPLICAS, DEFAULT_REPLICAS);
  const lb: LbPolicy = oneOf("lb", req.lb, LB_POLICIES, DEFAULT_LB);
  if (req.tls === true && backend !== DEFAULT_BACKEND) throw new UsageError(`--tls runs on the process backend only (its nginx gets a certificate made for the run): leave out --tls or use --backend ${DEFAULT_BACKEND}`);
  const buffering = oneOf("proxy-buffering", req.proxyBuffering, ["on", "off"] as const, "on");
  if (external && req.proxyBuffering !== undefined) throw new UsageError("--proxy-buffering sets the harness's own nginx; the cluster at --url has its own proxy: leave it out");
  // A counted load is bounded by k6's own default for it, unless the user bounds it.
  const duration = req.duration ?? (req.iterations === undefined ? DEFAULT_LOAD.duration : COUNTED_LOAD_MAX_DURATION);
  const browserRun = isBrowserScenario(scenario);
  const vus = browserRun ? intIn("vus", req.vus, 1, DEFAULT_BROWSER_LOAD.maxVus, DEFAULT_BROWSER_LOAD.vus) : intIn("vus", req.vus, 1, MAX_VUS, DEFAULT_LOAD.vus);
  const load = {
    vus,
    ...(browserRun ? { httpVus: intIn("http-vus", req.httpVus, 0, MAX_VUS, DEFAULT_BROWSER_LOAD.httpVus) } : {}),
    duration,
    durationMs: durationMs(duration),
    ...(req.iterations === undefined ? {} : { iterations: iterationsFor(req.iterations, vus) }),
    views: intIn("views", req.views, 1, 100, DEFAULT_LOAD.views),
    thinkMs: thinkMs(req.think),
    ...(req.record === false ? { record: false as const } : {}),
  };
  const storeDef = profile.stores[store];
  const named = storeDef === undefined ? undefined : topologyNamed(storeDef.service);
  const storeReplicas = resolveStoreReplicas(req.storeReplicas, { store, resizable: named?.resize !== undefined, external });
  // Sized as the plan will size it: restart-node may name any of its replica nodes.
  const topology = named && sizedTopology(named, storeReplicas);
  const redisStore = topology !== undefined && capabilitiesOf(topology).includes("redis-write-node");
  const storeMemory = resolveStoreMemory(req, { store, redis: redisStore, external });
  // Persistence is every Redis node's, whichever takes the writes; a memory limit is the write node's, whose evictions are sampled.
  const redisNodes = topology !== undefined && topology.nodes.some((n) => n.scheme === "redis");
  const storePersistence = resolveStorePersistence(req.storePersistence, { store, redis: redisNodes, external });
  const storeMinReplicas = resolveStoreMinReplicas(req.storeMinReplicasToWrite, req.storeMinReplicasMaxLag, { store, replicates: topology !== undefined && topology.nodes.some((n) => n.scheme === "redis" && n.replicaOf !== undefined), external });
  const faultContext = {
    schemas: FAULT_SCHEMAS,
    replicaNames: replicaNames(replicas),
    sharedLinks: topology?.sharedLinks === true,
    storeNodes: {
      "one-node": topology?.nodes.filter((n) => n.restartable).map((n) => n.name) ?? [],
      "listed-node": topology?.lists === undefined ? [] : topology.nodes.filter((n) => n.spare !== true).map((n) => n.name),
      "spare-node": topology?.nodes.filter((n) => n.spare === true).map((n) => n.name) ?? [],
    },
    store,
    // An external cluster's links exist only if its Toxiproxy was given.
    capabilities: topology === undefined || (external && req.toxiproxyUrl === undefined) ? [] : capabilitiesOf(topology),
    durationMs: load.durationMs,
    external,
  };
  return {
    scenario,
    cluster: {
      backend,
      app: source,
      replicas,
      lb,
      ...(buffering === "off" ? { proxyBuffering: "off" as const } : {}),
      ...(req.tls === true ? { tls: true as const } : {}),
      store,
      ...(storeMemory === undefined ? {} : { storeMemory }),
      ...(storePersistence === undefined ? {} : { storePersistence }),
      ...(storeReplicas === undefined ? {} : { storeReplicas }),
      ...(storeMinReplicas === undefined ? {} : { storeMinReplicas }),
      // Knobs are set where replicas start; an external cluster's are its own, not known here.
      knobs: external ? {} : resolveKnobs(loaded, store, req.knobs ?? {}),
      ...(weaken.length > 0 ? { weaken } : {}),
      ...(req.url === undefined ? {} : { url: loopbackUrl("url", req.url) }),
      ...(req.toxiproxyUrl === undefined ? {} : { toxiproxyUrl: loopbackUrl("toxiproxy-url", req.toxiproxyUrl) }),
    },
    load,
    faults: fanOutFaults(
      (req.faults ?? []).map((text) => parseFaultSpec(text, faultContext)),
      FAULT_SCHEMAS,
      faultContext.replicaNames,
      load.durationMs,
    ),
    ...chooseGates(req.gates, profile.gates, source),
    ...(req.name === undefined ? {} : { name: req.name }),
    ...(req.baseline === undefined ? {} : { baseline: resolve(req.baseline) }),
  };
}
