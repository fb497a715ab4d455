import { ms, pct, replicaShares, table } from "./format";
import { type RunResult } from "./RunResult";

/** The side-by-side table `npm run scenario` prints after several runs. Pure. */
export function renderComparison(results: readonly RunResult[]): string {
  return table(
    ["store", "lb", "replicas", "requests", "auth. requests", "logout rate", "p95", "answered by", "verdict"],
    results.map((r) => [
      r.config.cluster.store,
      r.config.cluster.lb,
      String(r.config.cluster.replicas),
      String(r.metrics.requests),
      String(r.metrics.logouts.total),
      pct(r.metrics.logouts.rate),
      ms(r.metrics.latency?.p95),
      replicaShares(r.metrics.replicaResponses),
      r.verdict.toUpperCase(),
    ]),
  );
}
