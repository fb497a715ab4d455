/**
 * The CI surface, end to end on real clusters: --gate decides the exit code,
 * junit.xml and $GITHUB_STEP_SUMMARY say the same, a config-file matrix ends
 * in one comparison and one code, --baseline tells a real rise from noise,
 * and report.html's charts render with data in headless Chromium.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type RunResult } from "../../harness/report/RunResult";
import { startCli } from "./support/cli";
import { testReportsDir } from "./support/runForTest";

interface JunitCase {
  name: string;
  failure?: { message: string };
}
interface JunitSuite {
  name: string;
  failures: string;
  testcase: JunitCase | JunitCase[];
}

function junit(path: string): { failures: number; suites: JunitSuite[] } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(path, "utf8")) as {
    testsuites: { failures: string; testsuite: JunitSuite | JunitSuite[] };
  };
  const suites = doc.testsuites.testsuite;
  return { failures: Number(doc.testsuites.failures), suites: Array.isArray(suites) ? suites : [suites] };
}
const cases = (s: JunitSuite | undefined): JunitCase[] => (s === undefined ? [] : Array.isArray(s.testcase) ? s.testcase : [s.testcase]);

const runDirs = (reports: string): string[] => readdirSync(reports).filter((d) => existsSync(join(reports, d, "result.json"))).sort();
const resultIn = (reports: string, dir: string): RunResult => JSON.parse(readFileSync(join(reports, dir, "result.json"), "utf8")) as RunResult;

/** What headless Chromium drew: each chart's data-* marks, after its scripts ran. */
function renderedCharts(file: string): { charts: number; marks: Record<string, string>[] } {
  const dom = spawnSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom", `file://${file}`], { encoding: "utf8", timeout: 60_000 });
  expect(dom.status, dom.stderr).toBe(0);
  const charts = Number(/<body[^>]*data-charts="(\d+)"/.exec(dom.stdout)?.[1] ?? "0");
  const marks = [...dom.stdout.matchAll(/<div class="chart"[^>]*>/g)].map((m) => Object.fromEntries([...m[0].matchAll(/data-(points|ink|windows)="(\d+)"/g)].map((a) => [a[1] ?? "", a[2] ?? ""])));
  return { charts, marks };
}

describe("CI gates", () => {
  it.each([
    ["70%", 0, "pass"],
    ["60%", 99, "fail"],
  ] as const)("login-loop on the memory store with session_logouts<=%s exits %i; junit and the step summary agree", async (bound, code, verdict) => {
    const reports = testReportsDir();
    const summary = join(reports, "step-summary.md");
    writeFileSync(summary, "earlier step\n");
    const run = await startCli(["login-loop", "--store", "memory", "--duration", "5s", "--gate", `session_logouts<=${bound}`], reports, { GITHUB_STEP_SUMMARY: summary }).done;
    expect(run.code, run.stdout + run.stderr).toBe(code);
    const [dir] = runDirs(reports);
    expect(resultIn(reports, dir ?? "").verdict).toBe(verdict);
    const x = junit(join(reports, dir ?? "", "junit.xml"));
    const gate = cases(x.suites[0]).find((c) => c.name === `session_logouts<=${bound}`);
    expect(gate).toBeDefined();
    expect(gate?.failure !== undefined).toBe(verdict === "fail");
    if (gate?.failure) expect(gate.failure.message).toMatch(/^measured 6\d\.\d% of [\d,]+; gate rate<=0\.6$/);
    const md = readFileSync(summary, "utf8");
    expect(md.startsWith("earlier step\n")).toBe(true);
    expect(md).toContain(verdict === "pass" ? "✅ PASS" : "❌ FAIL");
    if (verdict === "fail") expect(md).toMatch(/\| session_logouts<=60% \| 6\d\.\d% of/);
  });

  it("a 2 × 2 config matrix ends in one comparison report and one exit code", async () => {
    const reports = testReportsDir();
    const config = join(reports, "session-harness.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        gates: ["session_logouts<=1%"],
        defaults: { scenario: "login-loop", duration: "2s", vus: 4 },
        matrix: { store: ["memory", "redis"], replicas: [1, 2] },
      }),
    );
    const run = await startCli(["--config", config], reports).done;
    // memory with 2 replicas logs users out: the config's gate fails, so the matrix does.
    expect(run.code, run.stdout + run.stderr).toBe(99);
    const results = runDirs(reports).map((d) => resultIn(reports, d));
    expect(results.map((r) => r.config.name).sort()).toEqual(["store=memory · replicas=1", "store=memory · replicas=2", "store=redis · replicas=1", "store=redis · replicas=2"]);
    expect(results.filter((r) => r.verdict === "fail").map((r) => r.config.name)).toEqual(["store=memory · replicas=2"]);
    const [comparison, ...more] = readdirSync(reports).filter((d) => d.includes("-comparison-4runs-"));
    expect(more).toEqual([]);
    const dir = join(reports, comparison ?? "");
    expect(readFileSync(join(dir, "comparison.md"), "utf8")).toMatch(/^# .*: 3 of 4 runs passed/);
    expect(junit(join(dir, "junit.xml"))).toMatchObject({ failures: 1 });
    const html = renderedCharts(join(dir, "comparison.html"));
    expect(html.charts).toBe(5);
    expect(html.marks.every((m) => Number(m.points) > 0 && Number(m.ink) > 0)).toBe(true);
  });

  it("--baseline flags memory against a Redis baseline, and not a second Redis run of the same setup", async () => {
    const reports = testReportsDir();
    const args = ["login-loop", "--duration", "3s", "--vus", "5", "--gate", "session_logouts<=100%"];
    expect((await startCli([...args, "--store", "redis"], reports).done).code).toBe(0);
    const [base] = runDirs(reports);
    const baseline = join(reports, base ?? "", "result.json");
    const again = await startCli([...args, "--store", "redis", "--baseline", baseline], reports).done;
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const memory = await startCli([...args, "--store", "memory", "--baseline", baseline], reports).done;
    expect(memory.code, memory.stdout + memory.stderr).toBe(99);
    const [, redis2, mem] = runDirs(reports).map((d) => resultIn(reports, d));
    expect(redis2?.baseline?.regression).toBe(false);
    expect(mem?.baseline?.regression).toBe(true);
    expect(mem?.baseline?.differences).toContain('store "redis" → "memory"');
    const logouts = mem?.baseline?.rates.find((r) => r.metric === "session_logouts");
    expect(logouts?.regression).toBe(true);
    expect(logouts?.conclusion).toMatch(/rose by more than 0\.10% with 99% confidence/);
    // The console says it under the verdict, not only report.md: the rate that regressed, and a p below what a table holds.
    expect(memory.stdout).toMatch(/FAIL: .*report\.md\n {2}REGRESSION against baseline \S+ \(.*result\.json\):\n {4}session_logouts: 0\.00% of \d+ → 6\d\.\d\d% of \d+: rose by more .*, p = \d\.\de-\d{2,}\)\n/);
    expect(again.stdout).toMatch(/PASS: .*report\.md\n {2}no regression against baseline \S+ \(\d+ compared: session_logouts, /);
  });

  it("report.html draws the anomaly rate with the fault window shaded, and latency over time", async () => {
    const reports = testReportsDir();
    const run = await startCli(
      ["write-redirect-race", "--store", "redis", "--commit", "after-response", "--duration", "4s", "--fault", "latency=50ms,jitter=40ms,direction=upstream,at=1s,for=2s"],
      reports,
    ).done;
    expect([0, 99]).toContain(run.code);
    const [dir] = runDirs(reports);
    const result = resultIn(reports, dir ?? "");
    expect(result.timeline?.buckets.length).toBeGreaterThanOrEqual(4);
    const html = renderedCharts(join(reports, dir ?? "", "report.html"));
    expect(html.charts).toBe(2);
    const [rate, latency] = html.marks;
    expect(rate).toMatchObject({ windows: "1" });
    expect(Number(rate?.points)).toBeGreaterThan(0);
    expect(Number(rate?.ink)).toBeGreaterThan(0);
    expect(Number(latency?.points)).toBeGreaterThanOrEqual(8);
  });
});
