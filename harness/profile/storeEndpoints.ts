import { readFileSync } from "node:fs";
import { join } from "node:path";
import { placeholdersOf, type StoreEndpoint } from "../topology/StoreTopology";
import { topologyNamed } from "../topology/topologies";
import { type AppProfile } from "./AppProfile";
import { placeholdersIn } from "./placeholders";

/**
 * The endpoints of its topology a store actually hands the app: those whose
 * placeholders its fields, the chosen knob values or the rendered files use.
 * A `redis-replica` store that passes only `{store.url}` reads from the
 * primary, and its misses cannot be a lagging replica's.
 */
export function endpointsUsed(p: AppProfile, dir: string, store: string, knobs: Readonly<Record<string, string>>): StoreEndpoint[] {
  const s = p.stores[store];
  if (!s) return [];
  const texts = [...Object.values(s.env), ...s.args];
  for (const [name, value] of Object.entries(knobs)) {
    const v = p.knobs[name]?.values[value];
    if (v) texts.push(...Object.values(v.env), ...v.args);
  }
  for (const f of p.replica.process?.files ?? []) texts.push(readFileSync(join(dir, f.template), "utf8"));
  const used = new Set(texts.flatMap(placeholdersIn));
  const t = topologyNamed(s.service);
  return t.endpoints.filter((e) => placeholdersOf(t, e).some((name) => used.has(name)));
}

/** The app looks sessions up on a node that replicates from another: a write may not have reached it yet. */
export function readsFromReplica(p: AppProfile, dir: string, store: string, knobs: Readonly<Record<string, string>>): boolean {
  const t = topologyNamed(p.stores[store]?.service ?? "none");
  return endpointsUsed(p, dir, store, knobs).some((e) => t.nodes.find((n) => n.name === e.node)?.replicaOf !== undefined);
}
