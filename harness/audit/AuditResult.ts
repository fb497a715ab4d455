import { type ClusterDescription } from "../cluster/Cluster";
import { type AuditVerdict, type CheckResult } from "./AuditCheck";

export const AUDIT_RESULT_VERSION = 1;

/** audit.json: everything the reports are rendered from, nothing else needed. */
export interface AuditResult {
  kind: "session-audit";
  version: typeof AUDIT_RESULT_VERSION;
  runId: string;
  app: { name: string; source: string; store: string; storeShared: boolean; knobs: Record<string, string>; weaken: string[] };
  cluster: ClusterDescription;
  replicas: number;
  lb: string;
  startedAt: string;
  finishedAt: string;
  /** fail when any check failed or was inconclusive; error when the audit could not run. */
  verdict: "pass" | "fail" | "error" | "aborted";
  error?: string;
  counts: Record<AuditVerdict, number>;
  checks: CheckResult[];
}

export function countVerdicts(checks: readonly CheckResult[]): Record<AuditVerdict, number> {
  const counts: Record<AuditVerdict, number> = { pass: 0, fail: 0, "not-applicable": 0, inconclusive: 0 };
  for (const c of checks) counts[c.verdict]++;
  return counts;
}

export function auditVerdict(checks: readonly CheckResult[]): "pass" | "fail" {
  return checks.some((c) => c.verdict === "fail" || c.verdict === "inconclusive") ? "fail" : "pass";
}
