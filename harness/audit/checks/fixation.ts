import { randomInt } from "node:crypto";
import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { SessionProbe } from "../SessionProbe";
import { USER_SLOTS, userNumber } from "./users";

/** Ids no server made: one shaped like a real one, and a few malformed ones. */
const MALFORMED = ["x", "A".repeat(300), "../../etc/passwd", "'\"<>", "%00%0d%0a"];

/** Same length and alphabet as `real`, so it passes any shape check. */
export function inventId(real: string): string {
  const alphabet = [...new Set(real)].join("");
  return Array.from(real, () => alphabet[randomInt(alphabet.length)] ?? "a").join("");
}

export const fixation: AuditCheck = {
  id: "fixation",
  title: "An id the client invents is neither adopted nor authenticated; a malformed id is anonymous, not an error",
  asvs: ["V7.2.1", "V7.2.4"],
  async run(ctx) {
    const probe = new SessionProbe(ctx.http, ctx.contract);
    const sample = await probe.loggedIn(userNumber(ctx.contract, USER_SLOTS.fixation));
    if (!sample) return inconclusive("the login did not succeed as the profile describes, so no real id shows what an invented one should look like");
    const invented = inventId(sample.cookie.value);
    const header = probe.cookieHeader(invented, sample.cookie.name);
    const problems: string[] = [];
    const before = await probe.state(header);
    if (before.state !== "anonymous") problems.push(`an invented id was answered ${before.state} (${before.ex.status}) before any login`);
    for (const bad of MALFORMED) {
      const r = await probe.state(probe.cookieHeader(bad, sample.cookie.name));
      if (r.state !== "anonymous") problems.push(`malformed id ${JSON.stringify(bad.slice(0, 20))} was answered ${r.state} (${r.ex.status}), not as anonymous`);
    }
    const login = await probe.login(probe.user(userNumber(ctx.contract, USER_SLOTS.fixation)), header);
    if (!login.ok || !login.cookie) return inconclusive("a login carrying an invented id did not succeed as the profile describes");
    if (login.cookie.value === invented) problems.push("the login adopted the invented id: its Set-Cookie carries the id the client made up");
    const after = await probe.state(header);
    if (after.state === "authenticated") problems.push("the invented id is authenticated after the login");
    if (problems.length > 0) return fail(problems.join("; "));
    return pass(`an invented id of the real ids' shape and ${MALFORMED.length} malformed ones were anonymous; the login set a fresh id and the invented one stayed anonymous`);
  },
};
