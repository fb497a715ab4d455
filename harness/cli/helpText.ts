import { COMMIT_POLICIES, DEFAULT_LOAD, LB_POLICIES, MAX_REPLICAS, STORES } from "../config/RunConfig";

export function helpText(scenarios: readonly string[]): string {
  return `session-harness: reproduce and measure random logouts and stale session reads

Usage:
  npm run scenario                      memory vs redis on 3 replicas, round-robin, side by side
  npm run scenario -- [SCENARIO] [flags]
  npm run scenario -- [SCENARIO] [flags] --compare store|lb|commit|locking
                                        one run per value of that knob, side by side

Scenarios: ${scenarios.join(", ")}

Flags:
  --store ${STORES.join("|").padEnd(28)} where sessions live (default memory)
  --replicas N                          sample-app replicas, 1..${MAX_REPLICAS} (default 3)
  --lb ${LB_POLICIES.join("|").padEnd(31)} nginx balancing (default round-robin)
  --commit ${COMMIT_POLICIES.join("|").padEnd(27)} when the session write happens (default before-redirect)
  --locking                             per-session lock in the redis store
  --vus V                               virtual users, 1..1000 (default ${DEFAULT_LOAD.vus})
  --duration D                          k6 duration, e.g. 30s, 1m30s (default ${DEFAULT_LOAD.duration})
  --views K                             dashboard views per login, 1..100 (default ${DEFAULT_LOAD.views})
  --think T                             a user's pause before each action, e.g. 50ms (default 0;
                                          never between a redirect and its follow-up)
  --fault SPEC                          inject a fault while the load runs (repeatable), e.g.
                                          latency=50ms,jitter=40ms,direction=upstream,target=all
                                          latency=50ms,target=app-2,at=5s,for=10s
                                          timeout=500ms | reset_peer | bandwidth=10 | down
                                          kill,target=app-2,at=3s,for=2s | restart-redis,at=5s
                                        (faults on Redis links need --store redis; docs/adding-a-fault.md)
  -h, --help                            this text

Each run writes reports/<run-id>/: result.json, report.md, k6-summary.json,
anomalies.ndjson and logs/. Rebuild a report: npm run report -- reports/<run-id>/result.json

Exit codes: 0 all gates passed (or a comparison ran to the end) · 99 a gate failed ·
2 bad input or missing setup (nothing started) · 1 the harness or cluster failed ·
130 interrupted (everything stopped, partial report marked aborted)
`;
}
