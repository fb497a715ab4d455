/**
 * The session audit against known answers: the sample app whole passes every
 * check (cookie-secure is not applicable over plain http, and passes with
 * --tls), and a weakness alone fails exactly the checks it breaks, no more,
 * no fewer (two here; all fifteen in test/heavy/audit-weaknesses.test.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../harness/profile/loadProfile";
import { audit, KNOWN_ANSWERS, notPassing } from "./support/auditForTest";
import { runDirIn, startCli } from "./support/cli";
import { isPortFree } from "../../harness/net/freePort";
import { type LedgerFile } from "../../harness/process/RunLedger";
import { testReportsDir } from "./support/runForTest";

describe("session audit (sample app, Redis, 3 replicas)", () => {
  it("passes every check on the app as shipped, and leaves nothing running", async () => {
    const { result, runDir } = await audit();
    expect(notPassing(result)).toEqual([]);
    expect(result.checks.filter((c) => c.verdict === "not-applicable").map((c) => c.id)).toEqual(["cookie-secure"]);
    expect(result.verdict).toBe("pass");
    expect(result.checks.every((c) => c.verdict === "not-applicable" || c.evidence.length > 0)).toBe(true);
    // Both clusters (main and expiry) share the run's ledger: every process gone, every port free.
    const ledger = JSON.parse(readFileSync(join(runDir, "ledger.json"), "utf8")) as LedgerFile;
    expect(ledger.processes).toEqual([]);
    expect(ledger.ports.length).toBeGreaterThan(8);
    for (const port of ledger.ports) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);
  }, 120_000);

  it("over the run's TLS entry (--tls): every check passes, cookie-secure included", async () => {
    const { result } = await audit([], { tls: true });
    expect(notPassing(result)).toEqual([]);
    expect(result.checks.find((c) => c.id === "cookie-secure")?.verdict).toBe("pass");
    expect(result.checks.filter((c) => c.verdict === "not-applicable")).toEqual([]);
  }, 120_000);

  it("covers every weakness the profile declares", async () => {
    const profile = await loadProfile(undefined);
    expect(Object.keys(profile.profile.weaknesses).sort()).toEqual(Object.keys(KNOWN_ANSWERS).sort());
  });

  // Two of the known answers here; every weakness in test/heavy/audit-weaknesses.test.ts (npm run test:heavy).
  it.each(["no-rotation", "no-server-logout"])("--weaken %s fails exactly its known checks", async (weakness) => {
    const { result } = await audit([weakness]);
    expect(result.error, "the audit itself failed").toBeUndefined();
    expect(notPassing(result)).toEqual((KNOWN_ANSWERS[weakness] ?? []).map((id) => `${id}:fail`));
    expect(result.verdict).toBe("fail");
  }, 120_000);

  it("says the memory store is not shared behind the balancer", async () => {
    const { result } = await audit([], { store: "memory" });
    expect(result.checks.find((c) => c.id === "shared-sessions")?.verdict).toBe("fail");
    expect(result.checks.find((c) => c.id === "fail-closed")?.verdict).toBe("not-applicable");
  }, 120_000);
});

describe("session audit from the command line", () => {
  it("exits 99 with a failed check and writes JUnit with one case per check", async () => {
    const reports = testReportsDir();
    const exit = await startCli(["session-audit", "--weaken", "no-csrf", "--replicas", "2"], reports).done;
    expect(exit.code).toBe(99);
    expect(exit.stdout).toMatch(/session audit FAIL: \d+ pass, 1 fail, 0 inconclusive, 1 not applicable/);
    const runDir = runDirIn(reports);
    expect(runDir).toBeDefined();
    const junitPath = join(runDir ?? "", "junit.xml");
    expect(existsSync(join(runDir ?? "", "audit.md"))).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(junitPath, "utf8")) as {
      testsuites: { failures: string; testsuite: { testcase: { name: string; failure?: unknown; skipped?: unknown }[] } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.length).toBe(20);
    expect(cases.filter((c) => c.failure !== undefined).map((c) => c.name.split(":")[0])).toEqual(["csrf"]);
    expect(cases.filter((c) => c.skipped !== undefined).map((c) => c.name.split(":")[0])).toEqual(["cookie-secure"]);
  }, 120_000);

  it.each([
    [["session-audit", "--vus", "5"], /--vus does not apply to session-audit/],
    [["session-audit", "--weaken", "no-such"], /--weaken "no-such" is not allowed for app sample: use one of/],
    [["session-audit", "--weaken", "no-csrf", "--weaken", "no-csrf"], /--weaken no-csrf given twice/],
  ])("refuses %j with one line and exit 2", async (args, message) => {
    const exit = await startCli(args, testReportsDir()).done;
    expect(exit.code).toBe(2);
    expect(exit.stderr.trim()).toMatch(message);
    expect(exit.stderr.trim().split("\n")).toHaveLength(1);
  });
});
