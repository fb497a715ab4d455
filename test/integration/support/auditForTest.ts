/**
 * The session audit as the tests drive it, and its known answers: each
 * weakness of the sample app alone fails exactly these checks. The answers
 * are the tests', not the app's: the profile only says how to switch each on.
 */
import { type AuditResult } from "../../../harness/audit/AuditResult";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";
import { runAudit } from "../../../harness/run/runAudit";
import { testReportsDir } from "./runForTest";

/** Weakness → the checks it must fail. */
export const KNOWN_ANSWERS: Record<string, string[]> = {
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

export async function audit(weaken: string[] = [], extra: { store?: string; replicas?: number; tls?: boolean } = {}): Promise<{ result: AuditResult; runDir: string }> {
  const profile = await loadProfile(undefined);
  const config = buildRunConfig({ scenario: "session-audit", weaken, ...extra }, profile);
  return runAudit(config, { reportsDir: testReportsDir(), profile, signal: new AbortController().signal, log: () => {} });
}

export const notPassing = (r: AuditResult): string[] => r.checks.filter((c) => c.verdict !== "pass" && c.verdict !== "not-applicable").map((c) => `${c.id}:${c.verdict}`);
