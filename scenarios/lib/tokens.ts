import { type TokenSource } from "./ScenarioContract";

/**
 * Tokens are what the write scenarios add to a session, one per write, never
 * repeated in a run: a read then says exactly which writes it saw. Letters,
 * digits and "-" only, so they pass through any form, JSON or HTML unchanged.
 */
export function sessionToken(vu: number, iter: number, write: number | string): string {
  return `${tokenPrefix(vu, iter)}${write}`;
}

/** Every token of one session (VU iteration) starts with this. */
export function tokenPrefix(vu: number, iter: number): string {
  return `tok-${vu}-${iter}-`;
}

/** Any token of the run, whichever session wrote it. */
const ANY_TOKEN = /^tok-\d+-\d+-[A-Za-z0-9]+$/;

export interface ReadTokens {
  /** This session's tokens, in page order; null when the page listed nothing at all (not a token list). */
  own: string[] | null;
  /** Tokens of other sessions the page showed: another user's data. */
  foreign: string[];
}

function atPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (typeof v !== "object" || v === null || !(key in v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function listed(body: unknown, source: TokenSource): string[] | null {
  if (typeof body !== "string") return null;
  if ("json" in source) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return null;
    }
    const list = atPath(parsed, source.json);
    return Array.isArray(list) && list.every((i) => typeof i === "string") ? list : null;
  }
  return [...body.matchAll(new RegExp(source.regex, "g"))].map((m) => m[1] ?? "");
}

/** The tokens a read's body lists, split into this session's and other sessions'. */
export function readTokens(body: unknown, source: TokenSource, prefix: string): ReadTokens {
  const all = listed(body, source);
  if (all === null) return { own: null, foreign: [] };
  return { own: all.filter((t) => t.startsWith(prefix)), foreign: all.filter((t) => ANY_TOKEN.test(t) && !t.startsWith(prefix)) };
}
