import { FAULT_PROXY_PART, type Link, type Part } from "./Plan";

/**
 * The parts in groups that may start side by side, each group once the one
 * before it is ready. A part waits for what it connects to: the node at the
 * other end of each of its links and Toxiproxy, which must hold the proxy
 * before the part dials it (a replica node's `replicaof` points at the proxy,
 * and Redis gives up on a refused port only to retry a second later). The
 * balancer waits for its upstreams. Everything else starts at once, as the
 * store and Toxiproxy always did. Throws on a cycle, which no topology may have.
 */
export function startOrder(parts: readonly Part[], links: readonly Link[]): string[][] {
  const deps = new Map<string, string[]>(parts.map((p) => [p.name, dependencies(p, links)]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`the plan's parts depend on each other in a circle through ${name}`);
    visiting.add(name);
    const l = Math.max(-1, ...(deps.get(name) ?? []).map(levelOf)) + 1;
    visiting.delete(name);
    level.set(name, l);
    return l;
  };
  const groups: string[][] = [];
  for (const p of parts) (groups[levelOf(p.name)] ??= []).push(p.name);
  return groups.filter((g) => g.length > 0);
}

function dependencies(part: Part, links: readonly Link[]): string[] {
  if (part.role === "balancer") return part.upstreams;
  const out = links.filter((l) => l.from === part.name);
  // A node's own peers proxy (from and to itself) needs only Toxiproxy.
  return out.length === 0 ? [] : [FAULT_PROXY_PART, ...new Set(out.map((l) => l.to).filter((to) => to !== part.name))];
}
