/**
 * `npm run soak`: one long login-loop run on per-process memory sessions (the
 * run with the most anomalies per request: two in three), to show the harness
 * stays bounded whatever the run's length. Samples the harness's own resident
 * memory every second (including while it checks the history at the end) and
 * prints the peak next to the run's size. SOAK_DURATION (default 10m),
 * SOAK_VUS (default 20). Numbers, not a verdict: the target is a peak of at
 * most 300 MB (issue "Reliability").
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { table } from "../report/format";
import { timestamp } from "../run/runId";
import { projectRoot } from "../tools/projectRoot";
import { benchRun } from "./benchRun";

const DURATION = process.env.SOAK_DURATION ?? "10m";
const VUS = Number(process.env.SOAK_VUS ?? 20);
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  const dir = join(projectRoot(), "reports", `soak-${timestamp()}`);
  await mkdir(dir, { recursive: true });
  let peak = process.memoryUsage().rss;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    samples.push(rss);
    peak = Math.max(peak, rss);
  }, 1000);
  const t0 = performance.now();
  console.log(`soak: login-loop, memory store, ${VUS} VUs for ${DURATION} …`);
  try {
    const r = await benchRun({ scenario: "login-loop", store: "memory", vus: VUS, duration: DURATION }, dir, controller.signal);
    peak = Math.max(peak, process.memoryUsage().rss);
    const wallS = (performance.now() - t0) / 1000;
    const raw = {
      duration: DURATION,
      vus: VUS,
      runId: r.runId,
      requests: r.metrics.requests,
      logouts: r.metrics.logouts,
      anomalies: r.anomalies.total,
      anomaliesRecorded: r.anomalies.recorded,
      peakRssMb: peak / MB,
      rssSamplesMb: samples.map((s) => Math.round(s / MB)),
      wallSeconds: wallS,
      status: r.status,
    };
    await writeFile(join(dir, "soak.json"), JSON.stringify(raw, null, 2) + "\n");
    console.log(
      table(
        ["measure", "value"],
        [
          ["requests", String(r.metrics.requests)],
          ["logouts", `${r.metrics.logouts.hits} of ${r.metrics.logouts.total}`],
          ["anomalies (in anomalies.ndjson)", `${r.anomalies.total} (${r.anomalies.recorded ?? "all"})`],
          ["harness peak RSS", `${(peak / MB).toFixed(0)} MB`],
          ["wall time", `${wallS.toFixed(0)} s`],
          ["report", r.status],
        ],
      ),
    );
    console.log(`\nraw numbers: ${join(dir, "soak.json")}`);
  } finally {
    clearInterval(sampler);
  }
}

main().catch((err: unknown) => {
  console.error(`soak failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
