import { probit } from "simple-statistics";
import { fail, inconclusive, pass, type AuditCheck } from "../AuditCheck";
import { SessionProbe } from "../SessionProbe";
import { USER_SLOTS, userNumber } from "./users";

export const ENTROPY_LOGINS = 200;
const CONCURRENCY = 4;
/** Below this many bits a session id can be guessed (ASVS asks for 128). */
const MIN_BITS = 128;

/**
 * The smallest usual alphabet that holds every character seen; with enough
 * characters seen (`samples`, 20 per symbol), just the symbols seen, so an
 * encoding the list does not know is not credited with symbols it never uses.
 */
export function alphabetOf(chars: ReadonlySet<string>, samples = 0): { name: string; size: number; symbols: string } {
  const candidates = [
    { name: "hex", symbols: "0123456789abcdef" },
    { name: "HEX", symbols: "0123456789ABCDEF" },
    { name: "base32hex", symbols: "0123456789abcdefghijklmnopqrstuv" },
    { name: "base32", symbols: "abcdefghijklmnopqrstuvwxyz234567" },
    { name: "alphanumeric", symbols: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" },
    { name: "base64url", symbols: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" },
    { name: "base64", symbols: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=" },
  ];
  const fit = candidates.find((c) => [...chars].every((ch) => c.symbols.includes(ch)));
  if (fit && (chars.size === fit.symbols.length || samples < 20 * fit.symbols.length)) return { ...fit, size: fit.symbols.length };
  const symbols = [...chars].sort().join("");
  return { name: fit ? `${chars.size} of ${fit.name}'s symbols` : "other", symbols, size: symbols.length };
}

/**
 * Character frequencies against a uniform spread over the alphabet: Pearson's
 * chi-squared at the 0.01 % level, the critical value by the Wilson-Hilferty
 * approximation. Not 1 %: a sound generator then fails one audit in a hundred,
 * and the test matrix runs twenty (it did, chi-squared 104.1 against 92.0). A
 * skewed generator misses by far more than the difference. Each id's last character is left out: encodings such as
 * base64 of 32 bytes carry fewer bits there, which is not a bias of the generator.
 */
/** The chance that a sound generator fails the uniformity test. */
export const UNIFORM_FIT_LEVEL = 0.0001;

export function uniformFit(ids: readonly string[], symbols: string): { ok: boolean; samples: number; chi2: number; critical: number } {
  const counts = new Map([...symbols].map((s) => [s, 0]));
  let samples = 0;
  for (const id of ids) {
    for (const ch of id.slice(0, -1)) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      samples++;
    }
  }
  const expected = samples / counts.size;
  const chi2 = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  const df = counts.size - 1;
  const h = 2 / (9 * df);
  const critical = df * (1 - h + probit(1 - UNIFORM_FIT_LEVEL) * Math.sqrt(h)) ** 3;
  return { ok: chi2 <= critical, samples, chi2, critical };
}

export const idEntropy: AuditCheck = {
  id: "id-entropy",
  title: `Session ids: at least ${MIN_BITS} bits by length and alphabet, unique over ${ENTROPY_LOGINS} logins, no character bias`,
  asvs: ["V7.2.3"],
  async run(ctx) {
    const probe = new SessionProbe(ctx.http, ctx.contract);
    const ids: string[] = [];
    const pattern = ctx.hints.sessionIdPattern === undefined ? undefined : new RegExp(ctx.hints.sessionIdPattern);
    const idIn = (value: string): string | undefined => (pattern ? pattern.exec(value)?.[1] : value);
    let failures = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ENTROPY_LOGINS) {
        const i = next++;
        const r = await probe.login(probe.user(userNumber(ctx.contract, USER_SLOTS.entropyFirst + (i % 40))));
        const id = r.ok && r.cookie ? idIn(r.cookie.value) : undefined;
        if (id !== undefined) ids.push(id);
        else failures++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (ids.length < ENTROPY_LOGINS) return inconclusive(`${failures} of ${ENTROPY_LOGINS} logins failed, set no cookie${pattern ? `, or set one that audit.sessionIdPattern (${pattern.source}) does not match` : ""}`);
    const lengths = ids.map((id) => id.length);
    const [minLen, maxLen] = [Math.min(...lengths), Math.max(...lengths)];
    const alphabet = alphabetOf(new Set(ids.join("")), ids.join("").length);
    const bits = Math.floor(minLen * Math.log2(alphabet.size));
    const unique = new Set(ids).size;
    const bias = uniformFit(ids, alphabet.symbols);
    const facts = `${ids.length} ids${pattern ? " (taken from the cookie by audit.sessionIdPattern)" : ""}, ${minLen === maxLen ? minLen : `${minLen}-${maxLen}`} characters of ${alphabet.name} (${alphabet.size} symbols): at most ${bits} bits; ${unique} distinct; character frequencies over ${bias.samples} characters ${bias.ok ? "fit" : "do not fit"} a uniform spread (chi-squared ${bias.chi2.toFixed(1)}, ${UNIFORM_FIT_LEVEL * 100} % critical value ${bias.critical.toFixed(1)})`;
    const caveat = "Passing this cannot prove a CSPRNG: it catches short, repeating or visibly skewed ids only.";
    if (bits < MIN_BITS) return fail(`${facts}. ${bits} bits is below ${MIN_BITS}. ${caveat}`);
    if (unique < ids.length) return fail(`${facts}. ${ids.length - unique} ids repeated. ${caveat}`);
    if (!bias.ok) return fail(`${facts}. ${caveat}`);
    return pass(`${facts}. ${caveat}`);
  },
};
