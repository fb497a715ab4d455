/**
 * The CLI as a user meets it: every bad input exits 2 with one line naming the
 * flag and what is allowed, and starts nothing; the report command refuses a
 * damaged result.json the same way.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../harness/tools/projectRoot";
import { startCli } from "./support/cli";
import { testReportsDir } from "./support/runForTest";

const BAD_INPUT: [string[], RegExp][] = [
  [["--store", "nope"], /^--store "nope" is not allowed for app sample: use one of memory, redis, redis-replica, memcached, redis-sentinel$/],
  [["--app", "php", "--store", "memory"], /^--store "memory" is not allowed for app php: use one of files, redis, memcached$/],
  [["--app", "./no/such/profile.ts"], /^--app "\.\/no\/such\/profile\.ts": no such file/],
  [["--app", "rails"], /^--app "rails" is not a built-in profile: use one of sample, php, express or the path of a profile file/],
  [["--replicas", "40"], /^--replicas "40" is not allowed: use a whole number from 1 to 32$/],
  [["--replicas", "-1"], /^--replicas "-1" is not allowed: use a whole number from 1 to 32$/],
  [["--duration", "-5s"], /^--duration "-5s" is not a duration: use k6's form/],
  [["--duration", "0.4ms"], /^--duration "0.4ms" is too short: use at least 1s$/],
  [["--store", "redis", "--store", "memory"], /^--store given 2 times: give it once$/],
  [["--store", "redis", "--duration", "3s", "--fault", "down,at=1h"], /^--fault "down,at=1h": at=1h is not within the load \(3 s\): it would never fire/],
  [["--fault", "latency=50ms"], /^--fault "latency=50ms": latency acts on the links from the replicas to the store, and store "memory" has none/],
  [["--locking", "on"], /^--locking on needs --store redis \(app sample\)/],
  [["--compare", "colour"], /^--compare "colour" is not allowed: use one of store, lb, commit, cookie-fault, secret, redis-wait, expiry, locking$/],
  [["--vus", "1e3"], /^--vus "1e3" is not allowed: use a whole number from 1 to 1000$/],
  [["write-redirect-race", "--views", "3"], /^--views does not apply to write-redirect-race: it sets protected-page views per login, and applies to login-loop only; leave it out$/],
  [["concurrent-tabs", "--tls"], /^--tls does not apply to concurrent-tabs: .*, and applies to browser-login-loop and session-audit; leave it out$/],
  [["--nope"], /^unknown flag --nope: allowed flags are --app, /],
  [["nope"], /^unknown scenario "nope": use one of .*login-loop/],
  [["--gate", "logouts<=1%"], /^--gate "logouts<=1%": unknown metric "logouts": gates are on session_logouts, /],
  [["--gate", "session_stale_reads<=1%,abortOnFail"], /^--gate "session_stale_reads<=1%,abortOnFail": abortOnFail needs a metric k6 measures live/],
  [["--baseline", "/no/such/result.json"], /^--baseline \/no\/such\/result.json: cannot read it \(ENOENT\); give an earlier run's result.json$/],
  [["--config", "/no/such/config.json"], /^--config \/no\/such\/config.json: no such file/],
  [["--config", "examples/session-harness.config.json", "--store", "redis"], /^--config examples\/session-harness.config.json names the runs: put --store in the file/],
];

describe("scenario CLI, bad input", () => {
  it.each(BAD_INPUT)("%j exits 2 with one line and starts nothing", async (args, message) => {
    const reportsDir = testReportsDir();
    const run = await startCli(args, reportsDir).done;
    const lines = run.stderr.trim().split("\n");
    expect(run.code, run.stderr).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/^session-harness: /, "")).toMatch(message);
    expect(readdirSync(reportsDir)).toEqual([]);
  });

  it.each([
    ["a file", () => join(projectRoot(), "package.json"), /is a file, not a folder/],
    ["under /proc", () => "/proc/self/reports", /is under \/proc, \/sys or \/dev/],
  ])("SESSION_HARNESS_REPORTS pointing at %s exits 2 with one line", async (_what, dir, message) => {
    const run = await startCli(["--duration", "2s"], dir()).done;
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    ["compose", "--store", "memcached"],
    ["sweep", "--all"],
  ])("npm run %s with options it does not take: one line, exit 2, nothing written", (command, ...args) => {
    const before = readFileSync(join(projectRoot(), "docker-compose.yml"), "utf8");
    const run = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot(), `harness/cli/${command}.ts`), ...args], { cwd: projectRoot(), encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^session-harness ${command}: takes no options \\(got "${args[0] ?? ""}"`));
    expect(run.stdout).toBe("");
    expect(readFileSync(join(projectRoot(), "docker-compose.yml"), "utf8")).toBe(before);
  });

  it("npm run report on a damaged result.json: one line naming what is missing, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "session-harness-report-"));
    const path = join(dir, "result.json");
    writeFileSync(path, JSON.stringify({ schema: "session-harness/result", version: 2, runId: "x" }));
    const run = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot(), "harness/cli/report.ts"), path], { cwd: projectRoot(), encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/result\.json: metrics\.logouts is missing|result\.json: .* is missing/);
    expect(readdirSync(dir)).toEqual(["result.json"]);
  });
});
