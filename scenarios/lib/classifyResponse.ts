/**
 * What one response says about the client's session, read from the headers the
 * sample app sets (X-Replica, X-Session-State, X-Session-Version) and from where
 * it redirects. Takes the smallest shape a k6 response satisfies, so tests feed
 * it plain objects.
 */
export interface ResponseLike {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
}

export type SessionState = "hit" | "miss" | "none" | "error";

export interface ResponseFacts {
  status: number;
  /** X-Replica, or null when the answer did not come from a replica (e.g. nginx's 502). */
  replica: string | null;
  /** X-Session-State verbatim (an unexpected value is kept so the anomaly shows it). */
  sessionState: string | null;
  /** X-Session-Version: the session version this request read. */
  version: number | null;
  /** Path of the Location header, without host, query or fragment. */
  location: string | null;
  /** The store failed: the app fails closed with 503 and X-Session-State: error. */
  storeError: boolean;
  /** The app treated the request as having no session. */
  anonymous: boolean;
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

export function classifyResponse(res: ResponseLike): ResponseFacts {
  const state = headerValue(res, "X-Session-State")?.trim().toLowerCase();
  const rawLocation = headerValue(res, "Location");
  const location = rawLocation === undefined || rawLocation === "" ? null : locationPath(rawLocation);
  const storeError = res.status === 503 || state === "error";
  // A store error is never read as anonymous: the app fails closed, and calling
  // a 503 a logout would blame the session layer for an outage.
  const anonymous =
    !storeError && ((REDIRECT_STATUSES.has(res.status) && location === "/login") || state === "miss" || state === "none");
  return {
    status: res.status,
    replica: headerValue(res, "X-Replica")?.trim() || null,
    sessionState: state ?? null,
    version: parseVersion(headerValue(res, "X-Session-Version")),
    location,
    storeError,
    anonymous,
  };
}
