import { type AuditCheck, type AuditContext, type CheckResult } from "./AuditCheck";

/**
 * Runs `checks` one after another (their requests would blur each other's
 * evidence otherwise), the expiry ones alongside on their own cluster since
 * they mostly wait. A check that throws is inconclusive, with the error as
 * its reason: the audit never turns its own trouble into a verdict on the app.
 */
export async function runChecks(checks: readonly AuditCheck[], ctx: Omit<AuditContext, "http">, http: { forCheck(): AuditContext["http"] }, onDone?: (r: CheckResult) => void): Promise<CheckResult[]> {
  const runOne = async (check: AuditCheck): Promise<CheckResult> => {
    const own = http.forCheck();
    const shortHttp = ctx.shortExpiry?.http.forCheck();
    const checkCtx: AuditContext = { ...ctx, http: own, ...(ctx.shortExpiry && shortHttp ? { shortExpiry: { ...ctx.shortExpiry, http: shortHttp } } : {}) };
    const started = ctx.now();
    let outcome;
    try {
      outcome = await check.run(checkCtx);
    } catch (err) {
      outcome = { verdict: "inconclusive" as const, why: `the check could not finish: ${err instanceof Error ? err.message : String(err)}` };
    }
    const evidence = [...own.exchanges, ...(shortHttp?.exchanges ?? [])];
    const result: CheckResult = { id: check.id, title: check.title, asvs: check.asvs, ...outcome, evidence, ms: ctx.now() - started };
    onDone?.(result);
    return result;
  };
  const waiting = Promise.all(checks.filter((c) => c.usesShortExpiry === true).map(runOne));
  const main: CheckResult[] = [];
  for (const check of checks.filter((c) => c.usesShortExpiry !== true)) main.push(await runOne(check));
  const expiry = await waiting;
  const byId = new Map([...main, ...expiry].map((r) => [r.id, r]));
  return checks.map((c) => byId.get(c.id)).filter((r): r is CheckResult => r !== undefined);
}
