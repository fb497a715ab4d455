import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

export const cacheControl: AuditCheck = {
  id: "cache-control",
  title: "Authenticated pages carry Cache-Control: no-store",
  asvs: ["V14.3.2"],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.cache, async (probe, user) => {
      const r = await probe.state(user.header);
      if (r.state !== "authenticated") return inconclusive(`the protected page answered ${r.state} (${r.ex.status})`);
      const cc = r.ex.headers["cache-control"];
      if (cc !== undefined && /(^|,)\s*no-store\s*(,|$)/i.test(cc)) return pass(`${ctx.contract.protectedPage.path} answered Cache-Control: ${cc}`);
      return fail(`${ctx.contract.protectedPage.path} answered ${cc === undefined ? "without Cache-Control" : `Cache-Control: ${cc}`}: a browser or proxy may keep the page after logout`);
    });
  },
};
