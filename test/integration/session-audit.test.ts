/**
 * The session audit against known answers: the sample app whole passes every
 * check (cookie-secure is not applicable over plain http, and passes with
 * --tls), and each weakness
 * alone fails exactly the checks it breaks, no more, no fewer. The answers
 * below are this test's, not the app's: the profile only says how to switch
 * each weakness on.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type AuditResult } from "../../harness/audit/AuditResult";
import { loadProfile } from "../../harness/profile/loadProfile";
import { buildRunConfig } from "../../harness/run/buildRunConfig";
import { runAudit } from "../../harness/run/runAudit";
import { runDirIn, startCli } from "./support/cli";
import { isPortFree } from "../../harness/net/freePort";
import { type LedgerFile } from "../../harness/process/RunLedger";
import { testReportsDir } from "./support/runForTest";

/** Weakness → the checks it must fail. */
const KNOWN_ANSWERS: Record<string, string[]> = {
  "no-rotation": ["rotation"],
  "accept-client-id": ["fixation"],
  // A logout that never destroys also "clears the cookie while the session survives" during an outage.
  "no-server-logout": ["logout-server", "fail-closed"],
  "logout-cookie-mismatch": ["logout-cookie"],
  "no-httponly": ["cookie-httponly"],
  "no-samesite": ["cookie-samesite"],
  "persistent-cookie": ["cookie-lifetime"],
  "no-expiry": ["idle-timeout", "absolute-timeout"],
  "short-id": ["id-entropy"],
  "no-cache-control": ["cache-control"],
  "no-throttle": ["login-throttling"],
  "leaky-login": ["user-enumeration"],
  "no-csrf": ["csrf"],
  "no-security-headers": ["security-headers"],
  "fail-open": ["fail-closed"],
};

async function audit(weaken: string[] = [], extra: { store?: string; replicas?: number; tls?: boolean } = {}): Promise<{ result: AuditResult; runDir: string }> {
  const profile = await loadProfile(undefined);
  const config = buildRunConfig({ scenario: "session-audit", weaken, ...extra }, profile);
  return runAudit(config, { reportsDir: testReportsDir(), profile, signal: new AbortController().signal, log: () => {} });
}

const notPassing = (r: AuditResult): string[] => r.checks.filter((c) => c.verdict !== "pass" && c.verdict !== "not-applicable").map((c) => `${c.id}:${c.verdict}`);

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

  it.each(Object.entries(KNOWN_ANSWERS))("--weaken %s fails exactly %j", async (weakness, expected) => {
    const { result } = await audit([weakness]);
    expect(result.error, "the audit itself failed").toBeUndefined();
    expect(notPassing(result)).toEqual(expected.map((id) => `${id}:fail`));
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
