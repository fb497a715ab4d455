import { type ReplicaEndpoint } from "../cluster/Cluster";
import { type Capabilities } from "../profile/AppProfile";

/**
 * Sums one metric's series over every label, e.g. `session_lookups_total{result="hit"} 12`
 * and `{result="miss"} 3` → 15 under `key`, and each label set but the replica's
 * under `key{…}` too.
 */
export function sumPrometheusText(text: string, metric: string, key: string, into: Record<string, number> = {}): Record<string, number> {
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== metric) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    // The replica label is what we sum over; other labels stay in the key.
    const labels = (match[2] ?? "").replace(/,?replica="[^"]*"/, "").replace(/^\{,/, "{");
    into[key] = (into[key] ?? 0) + value;
    if (labels && labels !== "{}") into[key + labels] = (into[key + labels] ?? 0) + value;
  }
  return into;
}

/**
 * Scrapes every reachable replica directly (not through nginx) for the
 * counters its profile declares, summed under the harness's names for them
 * (lockWaits, storeErrors, …). A dead replica is skipped; an app that declares
 * no metrics is not asked.
 */
export async function scrapeReplicaMetrics(replicas: readonly ReplicaEndpoint[], metrics: Capabilities["metrics"], timeoutMs = 2000): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  if (!metrics) return sums;
  await Promise.all(
    replicas.map(async (r) => {
      if (r.url === undefined) return;
      try {
        const res = await fetch(`${r.url}${metrics.path}`, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return;
        const text = await res.text();
        for (const [key, metric] of Object.entries(metrics.counters)) if (metric) sumPrometheusText(text, metric, key, sums);
      } catch {
        // Killed by a fault, or already stopping: its counters died with it.
      }
    }),
  );
  return sums;
}
