import { resolveLocation } from "./resolveLocation";
import { type Expectation, type ScenarioContract } from "./ScenarioContract";

/**
 * What one response says about the client's session, read through the app's
 * contract: which replica answered (the harness's nginx says so for every
 * app), whether the app took the client for anonymous, and what the app's
 * own optional headers add. Takes the smallest shape a k6 response
 * satisfies, so tests feed it plain objects.
 */
export interface ResponseLike {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body?: unknown;
}

export type Outcome = "anonymous" | "error" | "other";

export interface ResponseFacts {
  status: number;
  /** From the harness's nginx; null when nginx answered without reaching a replica. */
  replica: string | null;
  /** The app's own replica header, when declared. */
  appReplica: string | null;
  /** The app's session-state header verbatim, when declared. */
  sessionState: string | null;
  /** The app's session-version header, when declared. */
  version: number | null;
  /** Path of the Location header resolved against the request URL, without query or fragment. */
  location: string | null;
  /**
   * error: 5xx (or the app's state header says error): the app failed closed or broke;
   * anonymous: the app answered as it answers someone not logged in;
   * other: anything else, judged by the step's own expectation.
   */
  outcome: Outcome;
}

/**
 * Header lookup ignoring case: k6 hands Go's canonical names (X-Session-State)
 * while other clients and proxies may not, and HTTP says case does not matter.
 */
export function headerValue(res: ResponseLike, name: string): string | undefined {
  const direct = res.headers[name];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(res.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** "/login" from "/login", "http://host:8080/login?next=/x" or "/login#top". */
export function locationPath(location: string): string {
  const withoutOrigin = location.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const path = withoutOrigin.split(/[?#]/, 1)[0] ?? "";
  return path === "" ? "/" : path;
}

function parseVersion(raw: string | undefined): number | null {
  if (raw === undefined || !/^\s*-?\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const matches = (source: string | undefined, text: string | null): boolean => source === undefined || (text !== null && new RegExp(source).test(text));

/** The answer is the one `e` describes: its status, and its Location's path when `e` names one. */
export function meets(facts: ResponseFacts, e: Expectation): boolean {
  return e.status.includes(facts.status) && matches(e.location, facts.location);
}

/** `requestUrl`: where the request went, to resolve a relative Location ("dashboard.php"). */
export function classifyResponse(res: ResponseLike, contract: ScenarioContract, requestUrl: string): ResponseFacts {
  const h = contract.headers;
  const raw = headerValue(res, "Location");
  const location = raw === undefined || raw === "" ? null : locationPath(resolveLocation(requestUrl, raw));
  const state = h.sessionState === undefined ? undefined : headerValue(res, h.sessionState)?.trim().toLowerCase();
  const facts: ResponseFacts = {
    status: res.status,
    replica: headerValue(res, h.replica)?.trim() || null,
    appReplica: h.appReplica === undefined ? null : headerValue(res, h.appReplica)?.trim() || null,
    sessionState: state ?? null,
    version: h.sessionVersion === undefined ? null : parseVersion(headerValue(res, h.sessionVersion)),
    location,
    outcome: "other",
  };
  facts.outcome = outcomeOf(facts, res, contract);
  return facts;
}

function outcomeOf(facts: ResponseFacts, res: ResponseLike, contract: ScenarioContract): Outcome {
  // A failure is never read as anonymous: an app that fails closed answers 5xx,
  // and calling that a logout would blame the session layer for an outage.
  if (facts.status >= 500 || facts.sessionState === "error") return "error";
  if (facts.sessionState === "miss" || facts.sessionState === "none") return "anonymous";
  const a = contract.anonymous;
  const body = typeof res.body === "string" ? res.body : null;
  const isAnonymous = (a.status === undefined || a.status.includes(facts.status)) && matches(a.location, facts.location) && matches(a.body, body);
  return isAnonymous ? "anonymous" : "other";
}
