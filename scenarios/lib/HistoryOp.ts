/**
 * One operation of a run's history: every request a scenario makes, written
 * as a console line while the load runs and read back by the harness
 * (harness/history/), which decides the anomalies from the whole history
 * afterwards, in the manner of Jepsen's Elle. The format and its parser live
 * together here so the two sides cannot drift.
 */
import { isBrowserEvidence, type BrowserEvidence } from "./BrowserEvidence";

export const OP_KINDS = ["login", "view", "write", "read", "logout"] as const;
export type OpKind = (typeof OP_KINDS)[number];

/**
 * ok: the step did what it should (login: redirected with a session cookie;
 * view/read: served; write: acknowledged; logout: session cookie expired);
 * anonymous: answered as to someone not logged in; error: 5xx (failed closed,
 * or broke); unexpected: none of these.
 */
export const OP_OUTCOMES = ["ok", "anonymous", "error", "unexpected"] as const;
export type OpOutcome = (typeof OP_OUTCOMES)[number];

export interface HistoryOp {
  /** The session: one login of one VU iteration, "vu:iter". */
  s: string;
  vu: number;
  iter: number;
  op: OpKind;
  /** Where in the flow, e.g. "login", "login-redirect", "dashboard#3", "write#2", "read#final". */
  step: string;
  /** Epoch ms the request was sent and its response fully read. */
  t0: number;
  t1: number;
  status: number;
  outcome: OpOutcome;
  /** The replica that answered, from the harness's nginx; null when none did. */
  replica: string | null;
  /** The app's own replica header, when it declares one. */
  appReplica?: string | null;
  /** login: the session cookie arrived and the jar took it; logout: it was expired and the jar dropped it. */
  cookie?: boolean;
  /** write: the unique token it adds. */
  token?: string;
  /** read: this session's tokens the page listed; null when the page listed none (not served). */
  tokens?: string[] | null;
  /** read: tokens of other sessions the page showed (another user's data), when there were any. */
  foreign?: string[];
  /** The app's session-state and session-version headers, when it declares them. */
  state?: string | null;
  version?: number | null;
  /** Made by a real browser (a browser- scenario's VU); absent for k6's HTTP client. */
  client?: "browser";
  /** Browser only: what the browser held and was told of the session cookie. */
  browser?: BrowserEvidence;
}

export const OP_PREFIX = "OP ";

export function formatOp(op: HistoryOp): string {
  return OP_PREFIX + JSON.stringify(op);
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === "string";
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || ok(v);

/**
 * The operation in a console message, or undefined when the message is not
 * one (other console output) or not well formed (a half-written last line of
 * a killed run).
 */
export function parseOp(message: string): HistoryOp | undefined {
  const text = message.trimStart();
  if (!text.startsWith(OP_PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(OP_PREFIX.length));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const ok =
    typeof o.s === "string" &&
    isNumber(o.vu) &&
    isNumber(o.iter) &&
    (OP_KINDS as readonly unknown[]).includes(o.op) &&
    typeof o.step === "string" &&
    isNumber(o.t0) &&
    isNumber(o.t1) &&
    isNumber(o.status) &&
    (OP_OUTCOMES as readonly unknown[]).includes(o.outcome) &&
    isStringOrNull(o.replica) &&
    optional(o.appReplica, isStringOrNull) &&
    optional(o.cookie, (v) => typeof v === "boolean") &&
    optional(o.token, (v) => typeof v === "string") &&
    optional(o.tokens, (v) => v === null || (Array.isArray(v) && v.every((t) => typeof t === "string"))) &&
    optional(o.foreign, (v) => Array.isArray(v) && v.every((t) => typeof t === "string")) &&
    optional(o.state, isStringOrNull) &&
    optional(o.version, (v) => v === null || isNumber(v)) &&
    optional(o.client, (v) => v === "browser") &&
    optional(o.browser, isBrowserEvidence);
  return ok ? (o as unknown as HistoryOp) : undefined;
}
