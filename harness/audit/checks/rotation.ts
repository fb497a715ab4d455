import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { SessionProbe } from "../SessionProbe";
import { USER_SLOTS, userNumber } from "./users";

export const rotation: AuditCheck = {
  id: "rotation",
  title: "The id changes on login (re-authentication included) and the old id is dead afterwards",
  asvs: ["V7.2.4"],
  async run(ctx) {
    const probe = new SessionProbe(ctx.http, ctx.contract);
    const n = userNumber(ctx.contract, USER_SLOTS.rotation);
    const first = await probe.loggedIn(n);
    if (!first) return inconclusive("the first login did not succeed as the profile describes");
    const again = await probe.login(probe.user(n), first.header);
    if (!again.ok || !again.cookie) return inconclusive("logging in again while holding a session did not succeed, or set no session cookie");
    const problems: string[] = [];
    if (again.cookie.value === first.cookie.value) problems.push("logging in again kept the same id");
    const old = await probe.state(first.header);
    if (old.state === "authenticated" && again.cookie.value !== first.cookie.value) problems.push("the id from before the second login is still authenticated");
    if (old.state === "authenticated" && again.cookie.value === first.cookie.value) problems.push("and that id stays authenticated");
    if (problems.length > 0) return fail(problems.join("; "));
    if (old.state !== "anonymous") return inconclusive(`the old id was answered ${old.state} (${old.ex.status}), neither authenticated nor anonymous`);
    return pass("a second login issued a new id and the previous one answered as anonymous");
  },
};
