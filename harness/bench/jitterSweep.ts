/**
 * `npm run bench:jitter`: how the stale-read rate of after-response commits grows
 * with jitter on the Redis links (write-redirect-race, Redis, 3 replicas,
 * round-robin), next to what docs/write-read-races.md predicts, plus the two
 * reference points the doc discusses: no fault, and latency on one replica's
 * link only. Numbers, not verdicts; raw results in reports/jitter-<stamp>/.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pct, table } from "../report/format";
import { projectRoot } from "../tools/projectRoot";
import { timestamp } from "../run/runId";
import { benchRun } from "./benchRun";

const DURATION = process.env.SWEEP_DURATION ?? "10s";
const VUS = Number(process.env.SWEEP_VUS ?? 30);
const COMMIT = (process.env.SWEEP_COMMIT ?? "after-response") as "after-response" | "before-redirect";
const LATENCY_MS = 50;
const REPLICAS = 3;
/** The 302's trip back plus the next request's trip in, on loopback (ms). */
const DELTA_MS = 2;

/** P(read overtakes write) for uniform jitter J on every link, ignoring the no-fault baseline. */
function predictedStaleRate(jitterMs: number, replicas = REPLICAS, deltaMs = DELTA_MS): number {
  const otherReplica = (replicas - 1) / replicas;
  if (jitterMs * 2 <= deltaMs) return 0;
  return (otherReplica * (2 * jitterMs - deltaMs) ** 2) / (8 * jitterMs ** 2);
}

const CASES: { name: string; faults: string[]; predicted?: number }[] = [
  { name: "no fault", faults: [] },
  ...[0, 5, 20, 50].map((j) => ({
    name: `latency ${LATENCY_MS} ms, jitter ${j} ms, every link`,
    faults: [`latency=${LATENCY_MS}ms,jitter=${j}ms,direction=upstream`],
    predicted: predictedStaleRate(j),
  })),
  // Writes on app-2 (1 in 3) read elsewhere (2 in 3).
  { name: `latency ${LATENCY_MS} ms on app-2's link only`, faults: [`latency=${LATENCY_MS}ms,direction=upstream,target=app-2`], predicted: 2 / 9 },
];

async function main(): Promise<void> {
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  const dir = join(projectRoot(), "reports", `jitter-${timestamp()}`);
  await mkdir(dir, { recursive: true });
  const rows: string[][] = [];
  const raw = [];
  for (const c of CASES) {
    console.log(`sweep: ${c.name} (${COMMIT}, ${VUS} VUs for ${DURATION}) …`);
    const r = await benchRun(
      { scenario: "write-redirect-race", store: "redis", replicas: REPLICAS, knobs: { commit: COMMIT }, vus: VUS, duration: DURATION, faults: c.faults },
      dir,
      controller.signal,
    );
    const stale = r.metrics.staleReads ?? { rate: 0, hits: 0, total: 0 };
    raw.push({ case: c.name, faults: c.faults, runId: r.runId, staleReads: stale, staleReadsByKind: r.metrics.staleReadsByKind, predicted: c.predicted });
    rows.push([c.name, String(stale.total), `${pct(stale.rate)} (${stale.hits})`, c.predicted === undefined ? "-" : pct(c.predicted)]);
  }
  await writeFile(join(dir, "sweep.json"), JSON.stringify({ commit: COMMIT, vus: VUS, duration: DURATION, cases: raw }, null, 2) + "\n");
  console.log("");
  console.log(table(["fault on the Redis links (upstream)", "reads after writes", "stale", "predicted (beyond baseline)"], rows));
  console.log(`\nraw numbers: ${join(dir, "sweep.json")}`);
}

main().catch((err: unknown) => {
  console.error(`sweep failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
