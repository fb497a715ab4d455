import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type CheckResult } from "../../../harness/audit/AuditCheck";
import { auditVerdict, countVerdicts, type AuditResult } from "../../../harness/audit/AuditResult";
import { renderAuditJunit, renderAuditMarkdown } from "../../../harness/audit/renderAudit";

const check = (id: string, verdict: CheckResult["verdict"], why = "because"): CheckResult => ({
  id,
  title: `title of ${id}`,
  asvs: ["V7.2.4"],
  verdict,
  why,
  ms: 12,
  evidence: [
    {
      request: { method: "POST", path: "/login", headers: { cookie: "sid=AbCdEfGh1234567890XyZ" } },
      status: 302,
      headers: { location: "/dashboard" },
      setCookies: ["sid=ZyXwVuTs0987654321AbC; Path=/; HttpOnly"],
      replica: "app-2",
      body: "",
      ms: 3,
    },
  ],
});

function result(checks: CheckResult[]): AuditResult {
  return {
    kind: "session-audit",
    version: 1,
    runId: "20261122-000000-session-audit-sample-redis-3x-abcd",
    app: { name: "sample", source: "sample", store: "redis", storeShared: true, knobs: { commit: "before-redirect" }, weaken: ["no-csrf"] },
    cluster: { backend: "process", entryUrl: "http://127.0.0.1:1", parts: [] },
    replicas: 3,
    lb: "round-robin",
    startedAt: "2026-11-22T00:00:00.000Z",
    finishedAt: "2026-11-22T00:00:10.000Z",
    verdict: auditVerdict(checks),
    counts: countVerdicts(checks),
    checks,
  };
}

describe("audit reports", () => {
  const checks = [check("rotation", "pass"), check("csrf", "fail", "a write landed <&>"), check("cookie-secure", "not-applicable"), check("idle-timeout", "inconclusive")];

  it("fails the audit on a fail or an inconclusive check, never on not-applicable", () => {
    expect(auditVerdict([check("a", "pass"), check("b", "not-applicable")])).toBe("pass");
    expect(auditVerdict([check("a", "pass"), check("b", "inconclusive")])).toBe("fail");
  });

  it("reads as a checklist: requirement, verdict, evidence with ids shortened", () => {
    const md = renderAuditMarkdown(result(checks));
    expect(md).toContain("| 2 | title of csrf | V7.2.4 | **FAIL** | a write landed <&> |");
    expect(md).toContain("**1 pass, 1 fail, 1 inconclusive, 1 not applicable** of 4 checks");
    expect(md).toContain("`POST /login` (Cookie: sid=AbCdEfGh…) → **302 from app-2**: location: /dashboard; set-cookie: sid=ZyXwVuTs…; Path=/; HttpOnly");
    expect(md).not.toContain("1234567890");
  });

  it("writes one JUnit case per check: failure, error, skipped", () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(renderAuditJunit(result(checks))) as {
      testsuites: { failures: string; errors: string; testsuite: { skipped: string; testcase: { name: string; failure?: { message: string }; error?: unknown; skipped?: unknown }[] } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name.split(":")[0])).toEqual(["rotation", "csrf", "cookie-secure", "idle-timeout"]);
    expect(cases[1]?.failure?.message).toBe("a write landed <&>");
    expect(cases[2]?.skipped).toBeDefined();
    expect(cases[3]?.error).toBeDefined();
    expect([doc.testsuites.failures, doc.testsuites.errors, doc.testsuites.testsuite.skipped]).toEqual(["1", "1", "1"]);
  });
});
