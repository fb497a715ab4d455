import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { type Exchange } from "../AuditHttp";
import { SessionProbe, sessionCookie } from "../SessionProbe";
import { USER_SLOTS, userNumber } from "./users";

/** What a failed login tells the client, with what legitimately varies (numbers, long hex or base64 tokens) masked. */
export function failureShape(ex: Exchange, cookieName: string): string {
  const body = ex.body.replace(/[A-Za-z0-9_-]{20,}/g, "<token>").replace(/\d+/g, "<n>");
  return JSON.stringify({ status: ex.status, location: ex.headers.location ?? null, setsSessionCookie: sessionCookie(ex, cookieName) !== undefined, body });
}

export const enumeration: AuditCheck = {
  id: "user-enumeration",
  title: "An unknown user and a wrong password get the same answer",
  asvs: ["V6.3.8"],
  async run(ctx) {
    const probe = new SessionProbe(ctx.http, ctx.contract);
    const known = probe.user(userNumber(ctx.contract, USER_SLOTS.enumeration));
    const unknown = { username: `audit-nobody-${Date.now().toString(36)}`, password: known.password };
    const wrong = await probe.login({ username: known.username, password: `${known.password}-wrong` });
    const nobody = await probe.login(unknown);
    if (wrong.ok || nobody.ok) return inconclusive("a wrong password or an unknown user was let in: see login-throttling and the app's users");
    const a = failureShape(wrong.ex, ctx.contract.cookieName);
    const b = failureShape(nobody.ex, ctx.contract.cookieName);
    if (a === b) return pass(`both answered ${wrong.ex.status} with the same body (numbers and tokens masked); response times were not compared`);
    return fail(`a wrong password answered ${a}; an unknown user answered ${b}`);
  },
};
