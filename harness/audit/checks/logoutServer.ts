import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

/** After logout the old cookie, replayed until every replica has answered it, is dead on each. */
export const logoutServer: AuditCheck = {
  id: "logout-server",
  title: "Logout ends the session on the server: the old cookie is dead on every replica",
  asvs: ["V7.4.1"],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.logout, async (probe, user) => {
      const live = await probe.state(user.header);
      if (live.state !== "authenticated") return inconclusive(`the fresh session was answered ${live.state} before logout (see shared-sessions)`);
      const out = await probe.logout(user.header);
      if (out.status === 0 || out.status >= 400) return inconclusive(`logout answered ${out.status || out.error || "nothing"}`);
      const seen = await probe.perReplica(user.header, ctx.replicas);
      const alive = [...seen].filter(([, r]) => r.state === "authenticated").map(([name]) => name);
      if (alive.length > 0) return fail(`after logout the old cookie is still authenticated on ${alive.join(", ")}`);
      const missing = ctx.replicas.filter((r) => !seen.has(r));
      if (missing.length > 0) return inconclusive(`the old cookie never reached ${missing.join(", ")} in ${8 * ctx.replicas.length} requests`);
      const odd = [...seen].filter(([, r]) => r.state !== "anonymous").map(([name, r]) => `${name}: ${r.state} (${r.ex.status})`);
      if (odd.length > 0) return inconclusive(`after logout some replicas answered neither authenticated nor anonymous: ${odd.join("; ")}`);
      return pass(`after logout the old cookie was anonymous on each of ${ctx.replicas.join(", ")}`);
    });
  },
};
