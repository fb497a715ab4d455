import { type Cookie } from "set-cookie-parser";
import { fail, inconclusive, notApplicable, pass, type AuditCheck, type AuditContext, type CheckOutcome } from "../AuditCheck";
import { SessionProbe } from "../SessionProbe";
import { USER_SLOTS, userNumber } from "./users";

/** The session cookie a fresh login sets, judged by `judge`. */
function cookieCheck(id: string, title: string, asvs: string[], judge: (c: Cookie, ctx: AuditContext) => CheckOutcome): AuditCheck {
  return {
    id,
    title,
    asvs,
    async run(ctx) {
      const probe = new SessionProbe(ctx.http, ctx.contract);
      const r = await probe.login(probe.user(userNumber(ctx.contract, USER_SLOTS.cookies)));
      if (!r.ok || !r.cookie) return inconclusive("the login did not succeed or set no session cookie");
      return judge(r.cookie, ctx);
    },
  };
}

export const cookieHttpOnly = cookieCheck("cookie-httponly", "The session cookie is HttpOnly", ["V3.3.4"], (c) =>
  c.httpOnly === true ? pass(`${c.name} is set with HttpOnly`) : fail(`${c.name} is set without HttpOnly: any script on the page can read the session id`),
);

export const cookieSecure = cookieCheck("cookie-secure", "The session cookie is Secure, with the __Host- prefix, when served over TLS", ["V3.3.1", "V3.3.3"], (c, ctx) => {
  if (ctx.scheme === "http") return notApplicable("the audit ran over plain http, where a browser would drop a Secure cookie; run it with --tls to judge this item");
  if (c.secure !== true) return fail(`${c.name} is set over TLS without Secure`);
  if (c.name.startsWith("__Host-")) return pass(`${c.name} is Secure with the __Host- prefix`);
  // A cookie with a Domain cannot be __Host-; __Secure- is the strongest prefix it can carry.
  if (c.name.startsWith("__Secure-") && c.domain !== undefined) return pass(`${c.name} is Secure with the __Secure- prefix (it has a Domain, so __Host- cannot apply)`);
  return fail(`${c.name} is Secure but has no __Host- prefix`);
});

export const cookieSameSite = cookieCheck("cookie-samesite", "The session cookie has SameSite=Lax or Strict", ["V3.3.2"], (c) => {
  const v = c.sameSite?.toLowerCase();
  if (v === "lax" || v === "strict") return pass(`${c.name} is set with SameSite=${c.sameSite ?? ""}`);
  if (v === "none") return fail(`${c.name} is set with SameSite=None: sent on every cross-site request`);
  return fail(`${c.name} is set without SameSite: old browsers send it cross-site, and its behaviour is left to each browser's default`);
});

export const cookieScope = cookieCheck("cookie-scope", "The session cookie is host-only (no Domain) unless the profile declares a deliberate Domain", ["V3.3.3"], (c, ctx) => {
  const deliberate = ctx.hints.cookieDomain;
  if (c.domain === undefined) return pass(`${c.name} has no Domain: it is sent to this host only`);
  if (deliberate !== undefined && c.domain.replace(/^\./, "") === deliberate.replace(/^\./, "")) return pass(`${c.name} has Domain=${c.domain}, which the profile declares deliberate`);
  return fail(`${c.name} has Domain=${c.domain}: every subdomain receives the session id (declare audit.cookieDomain in the profile if that is deliberate)`);
});

export const cookieLifetime = cookieCheck("cookie-lifetime", "The session cookie lives for the browser session, not beyond it", ["V7.3.2"], (c) => {
  if (c.maxAge === undefined && c.expires === undefined) return pass(`${c.name} has neither Max-Age nor Expires: a browser-session cookie`);
  const seconds = c.maxAge ?? Math.round(((c.expires?.getTime() ?? Date.now()) - Date.now()) / 1000);
  return fail(`${c.name} is persistent (${c.maxAge !== undefined ? `Max-Age=${c.maxAge}` : `Expires=${c.expires?.toUTCString() ?? ""}`}, about ${(seconds / 3600).toFixed(1)} h): it survives closing the browser`);
});
