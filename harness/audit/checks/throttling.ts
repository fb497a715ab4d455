import { fail, pass, type AuditCheck } from "../AuditCheck";
import { SessionProbe } from "../SessionProbe";
import { throttledUser } from "./users";

/** Per replica: a throttle kept in each replica's memory lets N replicas take N × its limit. */
export const ATTEMPTS_PER_REPLICA = 10;

export const throttling: AuditCheck = {
  id: "login-throttling",
  title: "Repeated failed logins are throttled (429) or locked out",
  asvs: ["V6.3.1"],
  async run(ctx) {
    const probe = new SessionProbe(ctx.http, ctx.contract);
    const user = probe.user(throttledUser(ctx.contract));
    const budget = Math.min(100, ATTEMPTS_PER_REPLICA * ctx.replicas.length);
    for (let i = 1; i <= budget; i++) {
      const r = await probe.login({ username: user.username, password: `${user.password}-wrong-${i}` });
      if (r.ex.status === 429) return pass(`failed login ${i} for ${user.username} was answered 429${r.ex.headers["retry-after"] === undefined ? " (no Retry-After)" : ` with Retry-After: ${r.ex.headers["retry-after"]}`}`);
      if (r.ok) return fail(`a wrong password was accepted for ${user.username}`);
    }
    const right = await probe.login(user);
    if (!right.ok) return pass(`after ${budget} failed logins the right password was refused too (${right.ex.status}): a lockout`);
    return fail(`${budget} wrong passwords for ${user.username} were all answered, none with 429, and the right one then logged in`);
  },
};
