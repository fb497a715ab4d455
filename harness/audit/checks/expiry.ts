import { fail, inconclusive, notApplicable, pass, type AuditCheck, type AuditContext } from "../AuditCheck";
import { type SessionProbe } from "../SessionProbe";
import { asUser } from "./asUser";
import { USER_SLOTS } from "./users";

const NO_KNOB = "the profile declares no short-timeout knob (audit.shortExpiry), so the audit cannot watch a session expire within a run";

/** Time past a deadline before its absence is believed: clocks, TTL rounding and a busy machine. */
const graceMs = (deadlineMs: number): number => Math.max(750, deadlineMs / 2);

export const idleTimeout: AuditCheck = {
  id: "idle-timeout",
  title: "The server ends a session left idle",
  asvs: ["V7.3.1"],
  usesShortExpiry: true,
  async run(ctx) {
    const short = ctx.shortExpiry;
    if (!short) return notApplicable(NO_KNOB);
    return asUser(
      ctx,
      USER_SLOTS.expiry,
      async (probe, user) => {
        const wait = short.idleMs + graceMs(short.idleMs);
        await ctx.sleep(wait);
        const r = await probe.state(user.header);
        if (r.state === "authenticated") return fail(`the session was still authenticated after ${wait} ms without a request (idle timeout declared: ${short.idleMs} ms)`);
        if (r.state !== "anonymous") return inconclusive(`after ${wait} ms idle the protected page answered ${r.state} (${r.ex.status})`);
        return pass(`after ${wait} ms without a request the session was gone (idle timeout declared: ${short.idleMs} ms)`);
      },
      short.http,
    );
  },
};

/** Keeps a session busy (one request per third of the idle timeout) past its absolute deadline. */
async function busyUntilGone(ctx: AuditContext, short: NonNullable<AuditContext["shortExpiry"]>, header: string, probe: SessionProbe, startedAt: number) {
  const step = Math.max(100, Math.floor(short.idleMs / 3));
  const end = startedAt + short.absoluteMs + graceMs(short.absoluteMs);
  for (;;) {
    const r = await probe.state(header);
    const at = ctx.now() - startedAt;
    if (r.state !== "authenticated" || ctx.now() >= end) return { state: r.state, status: r.ex.status, at };
    await ctx.sleep(step);
  }
}

export const absoluteTimeout: AuditCheck = {
  id: "absolute-timeout",
  title: "The server ends a session at its absolute lifetime, however active",
  asvs: ["V7.3.2"],
  usesShortExpiry: true,
  async run(ctx) {
    const short = ctx.shortExpiry;
    if (!short) return notApplicable(NO_KNOB);
    const startedAt = ctx.now();
    return asUser(ctx, USER_SLOTS.expiry + 1, async (probe, user) => {
      const r = await busyUntilGone(ctx, short, user.header, probe, startedAt);
      if (r.state === "authenticated") return fail(`a session kept busy was still authenticated ${r.at} ms after login (absolute lifetime declared: ${short.absoluteMs} ms)`);
      if (r.state !== "anonymous") return inconclusive(`the busy session was answered ${r.state} (${r.status}) after ${r.at} ms`);
      if (r.at < short.absoluteMs - graceMs(short.idleMs)) return inconclusive(`the busy session ended after ${r.at} ms, well before the declared absolute lifetime (${short.absoluteMs} ms): something else ended it`);
      return pass(`a session kept busy ended ${r.at} ms after login (absolute lifetime declared: ${short.absoluteMs} ms)`);
    }, short.http);
  },
};
