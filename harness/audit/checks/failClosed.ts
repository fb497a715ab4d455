import { fail, inconclusive, notApplicable, pass, type AuditCheck } from "../AuditCheck";
import { isDeletion, sessionCookie } from "../SessionProbe";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

/** How long the store may take to come back after its links are restored (reconnect back-off included). */
const RECOVERY_MS = 15_000;

export const failClosed: AuditCheck = {
  id: "fail-closed",
  title: "With the store unreachable the app fails closed: no anonymous answer for a live session, no logout that clears the cookie while the session survives",
  asvs: ["V16.5.3", "V7.4.1"],
  async run(ctx) {
    const links = ctx.storeLinks;
    if (!links) return notApplicable(`store ${ctx.store.name} has no link the harness can cut (no shared service behind Toxiproxy)`);
    return asUser(ctx, USER_SLOTS.failClosed, async (probe, user) => {
      if ((await probe.state(user.header)).state !== "authenticated") return inconclusive("the fresh session was not authenticated before the outage");
      const problems: string[] = [];
      let clearedCookie = false;
      await links.cut();
      try {
        const during = await probe.state(user.header);
        if (during.state === "anonymous") problems.push(`during the outage the protected page answered as to an anonymous visitor (${during.ex.status}): the user is logged out, or served a public page, instead of an error`);
        const out = await probe.logout(user.header);
        const c = sessionCookie(out, ctx.contract.cookieName);
        clearedCookie = c !== undefined && isDeletion(c) && out.status < 400;
      } finally {
        await links.restore();
      }
      const deadline = ctx.now() + RECOVERY_MS;
      let after = await probe.state(user.header);
      while (after.state === "error" && ctx.now() < deadline) {
        await ctx.sleep(200);
        after = await probe.state(user.header);
      }
      if (after.state === "error") return inconclusive(`the store did not answer within ${RECOVERY_MS} ms of restoring ${links.names.join(", ")}`);
      if (clearedCookie && after.state === "authenticated") problems.push("during the outage logout cleared the cookie while the session survived: after the store came back the old cookie was still logged in");
      if (problems.length > 0) return fail(problems.join("; "));
      return pass(`with ${links.names.join(", ")} down the protected page answered an error and logout ${clearedCookie ? "cleared the cookie, and the session was gone afterwards" : "did not clear the cookie"}; after restoring, the session was ${after.state}`);
    });
  },
};
