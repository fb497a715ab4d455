/**
 * Start failures that explain themselves, with the real parts: a replica that
 * exits before it is ready, through the CLI as a user meets it; and the PHP
 * example on the real php-fpm with its document root written with `..`
 * (resolved, so it runs) and pointing at the wrong folder (a start error
 * naming replica.fastcgi.documentRoot).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProcessCluster } from "../../harness/cluster/process/ProcessCluster";
import { buildPlan } from "../../harness/plan/buildPlan";
import { type LedgerFile } from "../../harness/process/RunLedger";
import { type AppProfile } from "../../harness/profile/AppProfile";
import { loadProfile, type LoadedProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { startCli } from "./support/cli";
import { testReportsDir } from "./support/runForTest";

describe("a start that fails says why, in one line", () => {
  it("a replica that exits before it is ready: its exit code, its log and its last lines; exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "session-harness-exits-"));
    const crash = "console.error('starting'); console.error('Error: cannot read /nonexistent/app.conf (ENOENT)'); console.error('    at main (app.js:3:9)'); process.exit(3)";
    const profile = {
      name: "exits",
      description: "an app that cannot start",
      replica: { process: { command: "{node}", args: ["-e", crash], env: { PORT: "{port}" } }, ready: { http: { path: "/login" } } },
      stores: { memory: { description: "per process", service: "none", shared: false } },
      defaultStore: "memory",
      session: {
        cookieName: "sid",
        users: { count: 1, username: "u{n}", password: "p{n}" },
        login: { path: "/login", fields: { u: "{username}", p: "{password}" }, success: { status: [302] } },
        anonymous: { status: [302] },
        protectedPage: { path: "/home" },
        write: { path: "/items", field: "item", success: { status: [303] } },
        read: { path: "/items", tokens: { json: "items" } },
        logout: { path: "/logout", success: { status: [302] } },
      },
    };
    writeFileSync(join(dir, "profile.json"), JSON.stringify(profile));
    const reports = testReportsDir();
    const exit = await startCli(["login-loop", "--app", join(dir, "profile.json"), "--replicas", "1", "--vus", "1", "--duration", "1s"], reports).done;
    expect(exit.code, exit.stdout + exit.stderr).toBe(1);
    const line = exit.stdout.split("\n").find((l) => l.includes("app-1 exited before it was ready")) ?? "";
    expect(line).toMatch(
      new RegExp(
        `app-1 exited before it was ready \\(code 3; HTTP http://127\\.0\\.0\\.1:\\d+/login\\); log: ${reports.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[^/]+/logs/app-1\\.log; last lines: "Error: cannot read /nonexistent/app\\.conf \\(ENOENT\\)"$`,
      ),
    );
  });
});

const php = await loadProfile("php");

describe("the PHP example's document root on the real php-fpm", () => {
  /** The PHP example with its document root written as `documentRoot`. */
  const withRoot = (documentRoot: string): LoadedProfile => {
    const fastcgi = php.profile.replica.fastcgi;
    if (!fastcgi) throw new Error("the PHP example is a FastCGI app");
    const profile: AppProfile = { ...php.profile, replica: { ...php.profile.replica, fastcgi: { ...fastcgi, documentRoot } } };
    return { ...php, profile };
  };
  const start = (loaded: LoadedProfile, runDir: string) => {
    const config = buildRunConfig({ store: "files", replicas: 1 }, loaded);
    return ProcessCluster.start(buildPlan(config, loaded.profile, loaded.dir), { runId: "start-errors-php", runDir });
  };

  // Measured by hand first: php-fpm 8.2 answers 404 "Primary script unknown" to any SCRIPT_FILENAME with "..", even an existing file.
  it("{profileDir}/../php/app is resolved before nginx hands it on: the pages answer", async () => {
    const cluster = await start(withRoot("{profileDir}/../php/app"), testReportsDir());
    try {
      const res = await fetch(`${cluster.entryUrl}/dashboard.php`, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/login.php");
    } finally {
      await cluster.stop();
    }
  });

  it("a document root without the scripts fails the start naming replica.fastcgi.documentRoot and the script tried", async () => {
    const runDir = testReportsDir();
    const err = await start(withRoot("{profileDir}/../app"), runDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const root = join(php.dir, "..", "app");
    expect((err as Error).message).toBe(
      `replica.fastcgi.documentRoot: php-fpm found no script at ${root}/dashboard.php (no such file): GET /dashboard.php through nginx answered 404 "File not found." ("Primary script unknown"); ` +
        `the document root "{profileDir}/../app" is ${root}: make it the folder that holds the app's scripts`,
    );
    // The failed start stopped what it had started.
    expect((JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile).processes).toEqual([]);
  });
});
