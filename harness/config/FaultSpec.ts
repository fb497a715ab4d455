import { UsageError } from "../errors/UsageError";
import { type Capability, CAPABILITY_TEXT } from "../topology/StoreTopology";
import { type FaultParams, type FaultSchema, type FaultSchemas } from "./FaultSchema";
import { PARAM_HINT, parseParam } from "./FaultParam";

/** One `--fault` flag, parsed. Written verbatim into result.json. */
export interface FaultSpec {
  /** As the user wrote it. */
  text: string;
  /** A key of the fault registry (harness/faults/faults.ts). */
  kind: string;
  /** "all" (every replica's link), one replica's name, or a store node's (restart-node); "all" for restart-redis. */
  target: string;
  /** Offset from the start of the load. */
  atMs: number;
  /** Length of the window; null = until the run ends (and always null for an event). */
  forMs: number | null;
  /** The fault's own value under its kind (`latency`: 50) and its keys, defaults filled in. */
  params: FaultParams;
}

/** What a fault spec is checked against: the faults that exist and the run they would act on. */
export interface FaultContextForParsing {
  schemas: FaultSchemas;
  replicaNames: readonly string[];
  /** The store nodes a node fault may name in `target=`: those it may restart, those in the app's server list, the spares out of it. */
  storeNodes?: Readonly<Record<"one-node" | "listed-node" | "spare-node", readonly string[]>>;
  /** The store's replicas share one proxy per node (StoreTopology.sharedLinks): a link fault cannot single one replica out. */
  sharedLinks?: boolean;
  /** The run's store, for the message when its topology lacks what a fault needs. */
  store: string;
  /** What the store's topology offers faults (capabilitiesOf), as far as this run can reach it. */
  capabilities: readonly Capability[];
  /** The run's load length: a fault scheduled after it would never fire. */
  durationMs?: number;
  /** The cluster was started by someone else (`--url`): parts cannot be killed or restarted. */
  external?: boolean;
}

function commonKeys(schema: FaultSchema): string[] {
  return [...(schema.target === "none" ? [] : ["target"]), "at", ...(schema.lasts ? ["for"] : [])];
}

function splitItem(item: string): [string, string | undefined] {
  const eq = item.indexOf("=");
  return eq < 0 ? [item, undefined] : [item.slice(0, eq), item.slice(eq + 1)];
}

/**
 * `--fault` text → FaultSpec. Grammar: comma-separated items, the first naming
 * the fault (`latency=50ms`, `reset_peer`, `down`), the rest `key=value`:
 * the fault's own keys plus target (all | a replica), at (offset from load
 * start, default 0) and for (window length, default until the run ends).
 * Pure; every problem is one UsageError line naming what was wrong and what
 * is allowed.
 */
export function parseFaultSpec(text: string, run: FaultContextForParsing): FaultSpec {
  const fail = (why: string): never => {
    throw new UsageError(`--fault ${JSON.stringify(text)}: ${why}`);
  };
  const kinds = Object.keys(run.schemas);
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) fail("empty item: write the fault, then key=value items, separated by commas");
  const [kind, ownValue] = splitItem(items[0] ?? "");
  const schema = Object.hasOwn(run.schemas, kind) ? run.schemas[kind] : undefined;
  if (schema === undefined) return fail(`unknown fault ${JSON.stringify(kind)}: use one of ${kinds.join(", ")}`);
  if (schema.controlsParts && run.external) {
    fail(`${kind} stops and starts parts, and --url runs against a cluster the harness did not start: use a backend that starts it (process, docker), or a fault on the links`);
  }
  if (schema.needs !== undefined && !run.capabilities.includes(schema.needs)) {
    const text = CAPABILITY_TEXT[schema.needs];
    fail(`${kind} acts on ${text.actsOn}, and store ${JSON.stringify(run.store)} has none: use ${text.use}`);
  }

  const read = (key: string, type: Parameters<typeof parseParam>[0], value: string): number | string =>
    parseParam(type, value) ?? fail(`${key} ${JSON.stringify(value)} is not allowed: use ${PARAM_HINT[type]}`);

  const params: Record<string, number | string> = {};
  if (!schema.value) {
    if (ownValue !== undefined) fail(`${kind} takes no value (write just ${kind})`);
  } else if (ownValue !== undefined) {
    params[kind] = read(kind, schema.value.type, ownValue);
  } else if (schema.value.default !== undefined) {
    params[kind] = schema.value.default;
  } else {
    fail(`${kind} needs a value, e.g. ${schema.value.example}`);
  }

  const allKeys = new Set(["target", "at", "for", ...Object.values(run.schemas).flatMap((s) => Object.keys(s.keys))]);
  const allowed = [...commonKeys(schema), ...Object.keys(schema.keys)];
  const given = new Map<string, string>();
  for (const item of items.slice(1)) {
    const [key, value] = splitItem(item);
    if (key === kind || given.has(key)) fail(`${key} given twice`);
    if (!allowed.includes(key)) {
      if (Object.hasOwn(run.schemas, key)) fail(`one fault per --fault: repeat the flag for ${key}`);
      fail(`${allKeys.has(key) ? `${kind} does not take ${key}` : `unknown key ${JSON.stringify(key)}`}: ${kind} takes ${allowed.join(", ")}`);
    }
    if (value === undefined || value === "") return fail(`${key} needs a value (${key}=…)`);
    given.set(key, value);
  }

  for (const [key, p] of Object.entries(schema.keys)) {
    const value = given.get(key);
    if (value !== undefined) params[key] = read(key, p.type, value);
    else if (p.default !== undefined) params[key] = p.default;
  }
  const atText = given.get("at");
  const forText = given.get("for");
  const spec: FaultSpec = {
    text,
    kind,
    target: isNodeTarget(schema.target) ? parseNodeTarget(kind, schema.target, given.get("target"), run.storeNodes?.[schema.target] ?? [], fail) : parseTarget(kind, schema, given.get("target"), run, fail),
    atMs: atText === undefined ? 0 : Number(read("at", "duration-or-zero", atText)),
    forMs: forText === undefined ? null : Number(read("for", "duration", forText)),
    params,
  };
  if (run.durationMs !== undefined && spec.atMs >= run.durationMs) {
    fail(`at=${atText ?? "0"} is not within the load (${run.durationMs / 1000} s): it would never fire; use an offset below --duration`);
  }
  const problem = schema.check?.(params, spec.forMs);
  if (problem) fail(problem);
  return spec;
}

const NODE_TARGETS = { "one-node": "a store node of this run", "listed-node": "a node in the app's server list", "spare-node": "a spare node out of the app's server list" } as const;
type NodeTarget = keyof typeof NODE_TARGETS;
const isNodeTarget = (t: FaultSchema["target"]): t is NodeTarget => Object.hasOwn(NODE_TARGETS, t);

function parseNodeTarget(kind: string, rule: NodeTarget, target: string | undefined, nodes: readonly string[], fail: (why: string) => never): string {
  if (nodes.length === 0) return fail(`${kind} needs ${NODE_TARGETS[rule]}, and this run's store has none`);
  if (target === undefined || target === "all") return fail(`${kind} needs one store node: add target=<one of ${nodes.join(", ")}>`);
  if (!nodes.includes(target)) return fail(`target ${JSON.stringify(target)} is not ${NODE_TARGETS[rule]}: use one of ${nodes.join(", ")}`);
  return target;
}

function parseTarget(kind: string, schema: FaultSchema, target: string | undefined, run: FaultContextForParsing, fail: (why: string) => never): string {
  const { replicaNames } = run;
  const replicas = replicaNames.join(", ");
  if (schema.target === "none") return "all";
  if (schema.target === "one-replica") {
    if (target === undefined || target === "all") fail(`${kind} needs one replica: add target=<one of ${replicas}>`);
  }
  const t = target ?? "all";
  if (schema.target === "links" && t !== "all" && run.sharedLinks === true) {
    fail(`store ${JSON.stringify(run.store)} gives every replica one link per node (a consistent-hash client must see the same addresses on every replica), so ${kind} cannot act on ${t}'s alone: leave out target, or use target=all`);
  }
  if (t !== "all" && !replicaNames.includes(t)) {
    fail(`target ${JSON.stringify(t)} is not a replica: use ${schema.target === "links" ? "all or " : ""}one of ${replicas}`);
  }
  return t;
}
