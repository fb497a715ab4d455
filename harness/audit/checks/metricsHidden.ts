import { fail, notApplicable, pass, type AuditCheck } from "../AuditCheck";

export const metricsHidden: AuditCheck = {
  id: "metrics-hidden",
  title: "The replicas' metrics are not served on the public entry",
  asvs: ["V13.4.5"],
  async run(ctx) {
    if (ctx.metricsPath === undefined) return notApplicable("the profile declares no metrics path");
    const ex = await ctx.http.send("GET", ctx.metricsPath);
    if (ex.status >= 200 && ex.status < 300) return fail(`GET ${ctx.metricsPath} on the entry answered ${ex.status}: anyone can read the replicas' metrics`);
    return pass(`GET ${ctx.metricsPath} on the entry answered ${ex.status}`);
  },
};
