import { fail, pass, type AuditCheck } from "../AuditCheck";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

export const securityHeaders: AuditCheck = {
  id: "security-headers",
  title: "Pages carry X-Content-Type-Options: nosniff and a Content-Security-Policy",
  asvs: ["V3.4.4", "V3.4.3"],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.cache, async (probe, user) => {
      const pages = [await probe.state(user.header), await probe.state(undefined)];
      const missing: string[] = [];
      for (const { ex, state } of pages) {
        if (ex.headers["x-content-type-options"]?.toLowerCase() !== "nosniff") missing.push(`the ${state} answer has no X-Content-Type-Options: nosniff`);
        if (ex.headers["content-security-policy"] === undefined) missing.push(`the ${state} answer has no Content-Security-Policy`);
      }
      if (missing.length > 0) return fail(missing.join("; "));
      return pass(`authenticated and anonymous answers carry nosniff and Content-Security-Policy: ${pages[0]?.ex.headers["content-security-policy"] ?? ""}`);
    });
  },
};
