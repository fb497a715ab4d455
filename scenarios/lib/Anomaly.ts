import { type ResponseFacts } from "./classifyResponse";

/**
 * One anomaly, written by a scenario as a console line and read back by the
 * harness (harness/k6/readK6Output.ts), which attributes it to replicas and to
 * the fault timeline by `t`. The format and the parser live together here so
 * the two sides cannot drift.
 */
export const ANOMALY_KINDS = ["logout", "store-error", "login-failure"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  vu: number;
  iter: number;
  /** Where in the flow, e.g. "login", "login-redirect", "dashboard#3". */
  step: string;
  /** Replica that answered the login, i.e. created the session; null without a login. */
  createdBy: string | null;
  /** Replica that answered this request. */
  answeredBy: string | null;
  sessionState: string | null;
  status: number;
  /** X-Session-Version this request read. */
  version: number | null;
  /** Epoch ms when the response arrived. */
  t: number;
  /** Age of the session when this happened; null without a login. */
  sinceLoginMs: number | null;
}

/** Who was asking: the VU's identity and the session it believes it holds. */
export interface AnomalyContext {
  vu: number;
  iter: number;
  createdBy: string | null;
  loginAt: number | null;
}

export const ANOMALY_PREFIX = "ANOMALY ";

export function buildAnomaly(kind: AnomalyKind, ctx: AnomalyContext, step: string, facts: ResponseFacts, t: number): Anomaly {
  return {
    kind,
    vu: ctx.vu,
    iter: ctx.iter,
    step,
    createdBy: ctx.createdBy,
    answeredBy: facts.replica,
    sessionState: facts.sessionState,
    status: facts.status,
    version: facts.version,
    t,
    sinceLoginMs: ctx.loginAt === null ? null : t - ctx.loginAt,
  };
}

export function formatAnomaly(a: Anomaly): string {
  return ANOMALY_PREFIX + JSON.stringify(a);
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const isNumberOrNull = (v: unknown): v is number | null => v === null || isNumber(v);

/**
 * The anomaly in a console message, or undefined when the message is not one
 * (other console output) or is not well formed (a half-written last line).
 */
export function parseAnomaly(message: string): Anomaly | undefined {
  const text = message.trimStart();
  if (!text.startsWith(ANOMALY_PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(ANOMALY_PREFIX.length));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const a = value as Record<string, unknown>;
  const ok =
    (ANOMALY_KINDS as readonly unknown[]).includes(a.kind) &&
    isNumber(a.vu) &&
    isNumber(a.iter) &&
    typeof a.step === "string" &&
    isStringOrNull(a.createdBy) &&
    isStringOrNull(a.answeredBy) &&
    isStringOrNull(a.sessionState) &&
    isNumber(a.status) &&
    isNumberOrNull(a.version) &&
    isNumber(a.t) &&
    isNumberOrNull(a.sinceLoginMs);
  return ok ? (a as unknown as Anomaly) : undefined;
}
