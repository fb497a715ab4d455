import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

/** Seeds 000 and 002: behind a load balancer, every replica must know every session. */
export const sharedSessions: AuditCheck = {
  id: "shared-sessions",
  title: "A session is recognised on every replica (shared storage behind the load balancer)",
  asvs: [],
  async run(ctx) {
    return asUser(ctx, USER_SLOTS.shared, async (probe, user) => {
      const seen = await probe.perReplica(user.header, ctx.replicas);
      const lost = [...seen].filter(([, r]) => r.state !== "authenticated").map(([name, r]) => `${name} answered ${r.state} (${r.ex.status})`);
      if (lost.length > 0) return fail(`the session made at login was not recognised everywhere: ${lost.join("; ")} (store ${ctx.store.name}${ctx.store.shared ? "" : ", not shared between replicas"})`);
      const missing = ctx.replicas.filter((r) => !seen.has(r));
      if (missing.length > 0) return inconclusive(`${missing.join(", ")} never answered in ${8 * ctx.replicas.length} requests (a sticky balancer?), so they could not be checked`);
      return pass(`the session was recognised on each of ${ctx.replicas.join(", ")}`);
    });
  },
};
