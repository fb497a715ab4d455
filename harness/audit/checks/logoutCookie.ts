import { type Cookie } from "set-cookie-parser";
import { fail, pass, type AuditCheck } from "../AuditCheck";
import { isDeletion, sessionCookie } from "../SessionProbe";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

/** The attributes a browser matches on (name, Domain, Path) and the ones that must not weaken. */
const COMPARED = ["path", "domain", "sameSite", "secure", "httpOnly"] as const;

const show = (c: Cookie, key: (typeof COMPARED)[number]): string => {
  const v = c[key];
  return v === undefined || v === false ? "absent" : v === true ? "set" : String(v);
};

export const logoutCookie: AuditCheck = {
  id: "logout-cookie",
  title: "Logout deletes the cookie with the same Path, Domain, SameSite, Secure and HttpOnly that set it",
  asvs: ["V7.4.1"],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.logout, async (probe, user) => {
      const out = await probe.logout(user.header);
      const deleting = sessionCookie(out, ctx.contract.cookieName);
      if (!deleting) return fail("the logout answer has no Set-Cookie for the session cookie: the browser keeps sending the old id");
      if (deleting.name !== user.cookie.name) return fail(`the logout deletes ${deleting.name}, but the login set ${user.cookie.name}`);
      if (!isDeletion(deleting)) return fail("the logout's Set-Cookie does not delete the cookie (no empty value, Max-Age<=0 or past Expires)");
      const differ = COMPARED.filter((k) => show(deleting, k) !== show(user.cookie, k)).map((k) => `${k}: login ${show(user.cookie, k)}, logout ${show(deleting, k)}`);
      if (differ.length > 0) return fail(`the deleting cookie differs from the one that was set (${differ.join("; ")}): a browser treats a different Path or Domain as another cookie and keeps the old one`);
      return pass(`the logout deletes ${deleting.name} with the attributes it was set with (${COMPARED.map((k) => `${k} ${show(deleting, k)}`).join(", ")})`);
    });
  },
};
