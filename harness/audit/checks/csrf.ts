import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

/** A site the run never serves: what a browser sends for a form posted from elsewhere. */
export const FOREIGN_ORIGIN = "http://attacker.example.test";
const CROSS_SITE = { origin: FOREIGN_ORIGIN, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" };

export const csrf: AuditCheck = {
  id: "csrf",
  title: "Cross-site requests are refused: a foreign Origin, or a text/plain POST",
  asvs: ["V3.5.1"],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.csrf, async (probe, user) => {
      const stamp = Date.now().toString(36);
      const accepted: string[] = [];
      const foreign = `csrf-origin-${stamp}`;
      await probe.write(user.header, foreign, { headers: CROSS_SITE });
      const plain = `csrf-plain-${stamp}`;
      await probe.write(user.header, plain, { headers: { "content-type": "text/plain" }, rawBody: new URLSearchParams({ ...ctx.contract.write.fields, [ctx.contract.write.field]: plain }).toString() });
      const page = await probe.readBody(user.header);
      if (page.includes(foreign)) accepted.push(`a write from Origin ${FOREIGN_ORIGIN} landed`);
      if (page.includes(plain)) accepted.push("a text/plain write landed");
      await probe.logout(user.header, CROSS_SITE);
      const after = await probe.state(user.header);
      if (after.state === "anonymous") accepted.push(`a logout from Origin ${FOREIGN_ORIGIN} ended the session`);
      if (accepted.length > 0) return fail(`${accepted.join("; ")}: a page on another site can act for a logged-in user`);
      if (after.state !== "authenticated") return inconclusive(`after the refused logout the session answered ${after.state} (${after.ex.status})`);
      return pass(`a write and a logout from Origin ${FOREIGN_ORIGIN} (Sec-Fetch-Site: cross-site) and a text/plain write were all refused; the session and its data were untouched`);
    });
  },
};
