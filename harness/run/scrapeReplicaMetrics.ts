import { type ReplicaInfo } from "../cluster/Cluster";

/** The app's own session counters worth carrying into the report. */
const KEEP = /^(session_|sessions_active|logins_total|logouts_total)/;

/**
 * Sums each kept series of the Prometheus text over its labels, e.g.
 * `session_lookups_total{result="hit"} 12` and `{result="miss"} 3` → 15 under
 * `session_lookups_total`, and the labelled ones under their own key too.
 */
export function sumPrometheusText(text: string, into: Record<string, number> = {}): Record<string, number> {
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match?.[1] || !KEEP.test(match[1])) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    // The replica label is what we sum over; other labels stay in the key.
    const labels = (match[2] ?? "").replace(/,?replica="[^"]*"/, "").replace(/^\{,/, "{");
    into[match[1]] = (into[match[1]] ?? 0) + value;
    if (labels && labels !== "{}") into[match[1] + labels] = (into[match[1] + labels] ?? 0) + value;
  }
  return into;
}

/** Scrapes every reachable replica directly (not through nginx); a dead replica is skipped. */
export async function scrapeReplicaMetrics(replicas: readonly ReplicaInfo[]): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  await Promise.all(
    replicas.map(async (r) => {
      try {
        const res = await fetch(`${r.url}/metrics`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) sumPrometheusText(await res.text(), sums);
      } catch {
        // Killed by a fault, or already stopping: its counters died with it.
      }
    }),
  );
  return sums;
}
