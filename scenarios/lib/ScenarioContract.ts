/**
 * What a scenario knows of the app under test: the profile's session contract
 * plus the response headers it may read, handed over by the harness as one
 * JSON value (SESSION_CONTRACT). The harness builds it from a validated
 * profile (harness/run/scenarioContract.ts); this side only checks that it is
 * whole, so a scenario run by hand with a wrong value fails at init.
 */

/** How a successful step answers: one of these statuses and, for a redirect, a Location whose path matches. */
export interface Expectation {
  status: number[];
  /** A RegExp source, matched against the path of the Location resolved against the request's URL. */
  location?: string;
}

export type TokenSource = { json: string } | { regex: string };

export interface ScenarioContract {
  cookieName: string;
  /** `{n}` is 1..count in both templates. */
  users: { count: number; username: string; password: string };
  login: { method: "GET" | "POST"; path: string; fields: Record<string, string>; success: Expectation };
  anonymous: { status?: number[]; location?: string; body?: string };
  protectedPage: { path: string; status: number[] };
  write: { method: "GET" | "POST"; path: string; field: string; fields: Record<string, string>; success: Expectation };
  read: { path: string; status: number[]; tokens: TokenSource };
  logout: { method: "GET" | "POST"; path: string; success: Expectation };
  headers: {
    /** Added by the harness's nginx: the replica that answered. Always present. */
    replica: string;
    /** The app's own replica header, when it declares one (kept as a cross-check). */
    appReplica?: string;
    /** hit | miss | none | error, when the app declares it. */
    sessionState?: string;
    /** The session version the request read, when the app declares it. */
    sessionVersion?: string;
  };
}

export class ContractError extends Error {
  override name = "ContractError";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses SESSION_CONTRACT; throws naming the first part that is missing. */
export function parseContract(text: string | undefined): ScenarioContract {
  if (text === undefined || text.trim() === "") throw new ContractError("SESSION_CONTRACT is not set: the harness passes the app's session contract as JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ContractError("SESSION_CONTRACT is not JSON");
  }
  if (!isObject(value)) throw new ContractError("SESSION_CONTRACT is not an object");
  for (const key of ["cookieName", "users", "login", "anonymous", "protectedPage", "write", "read", "logout", "headers"]) {
    if (value[key] === undefined) throw new ContractError(`SESSION_CONTRACT has no ${key}`);
  }
  const headers = value.headers;
  if (!isObject(headers) || typeof headers.replica !== "string") throw new ContractError("SESSION_CONTRACT.headers.replica must name a header");
  return value as unknown as ScenarioContract;
}
