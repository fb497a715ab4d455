import { inconclusive, type AuditContext, type CheckOutcome } from "../AuditCheck";
import { type AuditHttp } from "../AuditHttp";
import { SessionProbe } from "../SessionProbe";
import { userNumber } from "./users";

export type LoggedIn = NonNullable<Awaited<ReturnType<SessionProbe["loggedIn"]>>>;

/**
 * Most checks start the same way: log in as their own user and go on, or, when
 * the login does not work as the profile says, stop inconclusive (a check
 * cannot judge a session it never had).
 */
export async function asUser(ctx: AuditContext, slot: number, run: (probe: SessionProbe, user: LoggedIn) => Promise<CheckOutcome>, http: AuditHttp = ctx.http): Promise<CheckOutcome> {
  const probe = new SessionProbe(http, ctx.contract);
  const user = await probe.loggedIn(userNumber(ctx.contract, slot));
  if (!user) return inconclusive("the login did not succeed as the profile describes, so there is no session to judge");
  return run(probe, user);
}
