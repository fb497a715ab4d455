/**
 * `npm run bench`: numbers, not verdicts. Cluster cold start (median of several)
 * and completed login-loop flows per second per store, measured in one run so
 * they compare as ratios. Raw figures go to reports/bench-<stamp>.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { backendNamed } from "../cluster/backends";
import { dockerProblem } from "../cluster/docker/dockerClient";
import { buildPlan } from "../plan/buildPlan";
import { loadProfile } from "../profile/loadProfile";
import { table } from "../report/format";
import { buildRunConfig } from "../run/buildRunConfig";
import { timestamp } from "../run/runId";
import { benchRun } from "./benchRun";
import { churn, churnLine } from "./churn";
import { projectRoot } from "../tools/projectRoot";

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const DURATION = process.env.BENCH_DURATION ?? "15s";
const VUS = Number(process.env.BENCH_VUS ?? 10);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Cold starts of 3 replicas + nginx + Redis + Toxiproxy on `backend` (images cached for Docker: one start first builds any missing). */
async function coldStarts(dir: string, backend: string): Promise<number[]> {
  const profile = await loadProfile();
  const plan = buildPlan(buildRunConfig({ store: "redis", backend }, profile), profile.profile, profile.dir);
  const start = (i: number | string) => {
    const runDir = join(dir, `cold-start-${backend}-${i}`);
    return mkdir(runDir, { recursive: true }).then(() => backendNamed(backend).start(plan, { runId: `bench-cold-${backend}-${i}-${process.pid}`, runDir }));
  };
  // Not counted: builds images and bundles the app once, as setup would have.
  await (await start("warm")).stop();
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const cluster = await start(i);
    times.push(performance.now() - t0);
    await cluster.stop();
  }
  return times;
}

async function flowsPerSecond(store: string, reportsDir: string, signal: AbortSignal): Promise<{ flowsPerSecond: number; requestsPerSecond: number; runId: string }> {
  const result = await benchRun({ scenario: "login-loop", store, vus: VUS, duration: DURATION }, reportsDir, signal);
  return { flowsPerSecond: result.metrics.flowsPerSecond, requestsPerSecond: result.metrics.requestsPerSecond, runId: result.runId };
}

/**
 * What the scenarios' own work costs: the same request mix (write-redirect-race
 * on Redis) with the history, session metrics and checks, and without
 * (RECORD=off), alternated on/off/off/on so that drift hits both sides alike.
 */
async function overhead(reportsDir: string, signal: AbortSignal): Promise<{ on: number[]; off: number[]; ratio: number }> {
  const on: number[] = [];
  const off: number[] = [];
  for (const record of [true, false, false, true]) {
    const result = await benchRun({ scenario: "write-redirect-race", store: "redis", vus: VUS, duration: DURATION, ...(record ? {} : { record: false as const }) }, reportsDir, signal);
    (record ? on : off).push(result.metrics.requestsPerSecond);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return { on, off, ratio: mean(on) / Math.max(mean(off), 1e-9) };
}

const BROWSER_VUS = (process.env.BENCH_BROWSER_VUS ?? "1,2,4").split(",").map(Number);

interface BrowserPoint {
  vus: number;
  /** Document requests the browser users completed per second. */
  requestsPerSecond: number;
  /** Per browser user: how much slower each got than a lone user would be. */
  perUser: number;
  runId: string;
}

/**
 * How many browser users fit: browser-login-loop (Chromium per user, no HTTP
 * users beside them) on Redis at each of BROWSER_VUS; where the total stops
 * rising, the machine is full and more users only wait for the CPU.
 */
async function browserUsers(reportsDir: string, signal: AbortSignal): Promise<BrowserPoint[]> {
  const points: BrowserPoint[] = [];
  for (const vus of BROWSER_VUS) {
    const result = await benchRun({ scenario: "browser-login-loop", store: "redis", vus, httpVus: 0, duration: DURATION }, reportsDir, signal);
    const seconds = result.config.load.durationMs / 1000;
    const rps = (result.byClient?.browser?.requests ?? 0) / seconds;
    points.push({ vus, requestsPerSecond: rps, perUser: rps / vus, runId: result.runId });
  }
  return points;
}

const browserLine = (points: readonly BrowserPoint[]): string => points.map((p) => `${p.vus} users: ${p.requestsPerSecond.toFixed(1)} req/s (${p.perUser.toFixed(1)} each)`).join(" · ");

async function main(): Promise<void> {
  const controller = new AbortController();
  process.on("SIGINT", () => controller.abort());
  const stamp = timestamp();
  const reportsDir = join(projectRoot(), "reports");
  const dir = join(reportsDir, `bench-${stamp}`);
  await mkdir(dir, { recursive: true });

  if (process.env.BENCH_ONLY === "browser") {
    const points = await browserUsers(dir, controller.signal);
    await writeFile(join(dir, "bench.json"), JSON.stringify({ stamp, machine: { cpus: (await import("node:os")).cpus().length }, duration: DURATION, browser: points }, null, 2) + "\n");
    console.log(`browser users, ${DURATION} each: ${browserLine(points)}`);
    return;
  }
  if (process.env.BENCH_ONLY === "churn") {
    const points = await churn(dir, controller.signal, DURATION);
    await writeFile(join(dir, "bench.json"), JSON.stringify({ stamp, duration: DURATION, churn: points }, null, 2) + "\n");
    for (const p of points) console.log(`${p.label}: ${churnLine(p)}`);
    return;
  }
  if (process.env.BENCH_ONLY === "overhead") {
    const o = await overhead(dir, controller.signal);
    await writeFile(join(dir, "bench.json"), JSON.stringify({ stamp, vus: VUS, duration: DURATION, overhead: o }, null, 2) + "\n");
    console.log(overheadLine(o));
    return;
  }
  console.log(`bench: ${STARTS} cold starts of 3 replicas + nginx + redis + toxiproxy, processes then containers …`);
  const starts = await coldStarts(dir, "process");
  const noDocker = await dockerProblem();
  const dockerStarts = noDocker ? [] : await coldStarts(dir, "docker");
  console.log(`bench: login-loop, ${VUS} VUs for ${DURATION}, memory then redis …`);
  const memory = await flowsPerSecond("memory", dir, controller.signal);
  const redis = await flowsPerSecond("redis", dir, controller.signal);
  console.log(`bench: write-redirect-race on redis with and without the checks and history, on/off/off/on …`);
  const checks = await overhead(dir, controller.signal);
  console.log(`bench: browser-login-loop on redis with ${BROWSER_VUS.join(", ")} browser users …`);
  const browser = await browserUsers(dir, controller.signal);
  console.log(`bench: new TCP connections per request at full speed (16 VUs), FastCGI kept / per request, sample app …`);
  const connections = await churn(dir, controller.signal, DURATION);

  const raw = { stamp, machine: { cpus: (await import("node:os")).cpus().length }, coldStartMs: starts, dockerColdStartMs: dockerStarts, vus: VUS, duration: DURATION, memory, redis, overhead: checks, browser, churn: connections };
  await writeFile(join(dir, "bench.json"), JSON.stringify(raw, null, 2) + "\n");
  console.log("");
  console.log(
    table(
      ["measure", "value"],
      [
        ["cold start, processes, median", `${median(starts).toFixed(0)} ms (of ${starts.map((t) => t.toFixed(0)).join(", ")})`],
        [
          "cold start, Docker, median",
          noDocker ? `- (${noDocker})` : `${median(dockerStarts).toFixed(0)} ms (of ${dockerStarts.map((t) => t.toFixed(0)).join(", ")}); ${(median(dockerStarts) / median(starts)).toFixed(1)}× processes`,
        ],
        ["flows/s, memory", memory.flowsPerSecond.toFixed(1)],
        ["flows/s, redis", redis.flowsPerSecond.toFixed(1)],
        ["redis / memory", (redis.flowsPerSecond / Math.max(memory.flowsPerSecond, 1e-9)).toFixed(2)],
        ["requests/s, memory | redis", `${memory.requestsPerSecond.toFixed(0)} | ${redis.requestsPerSecond.toFixed(0)}`],
        ["checks + history, throughput with / without", overheadLine(checks)],
        ["browser users (Chromium each), document requests/s", browserLine(browser)],
        ...connections.map((p) => [`new TCP connections per request: ${p.label}`, churnLine(p)]),
      ],
    ),
  );
  console.log(`\nraw numbers: ${join(dir, "bench.json")}`);
}

/** "0.97 (3% of throughput; target ≤ 10%)": the ratio, what it costs, and the target. */
function overheadLine(o: { on: number[]; off: number[]; ratio: number }): string {
  const cost = (1 - o.ratio) * 100;
  const f = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(", ");
  return `${o.ratio.toFixed(3)} (${cost.toFixed(1)}% of throughput; target ≤ 10%${cost > 10 ? ": MISSED" : ""}) · req/s with ${f(o.on)} · without ${f(o.off)}`;
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
