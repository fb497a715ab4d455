import { type ResponseFacts } from "./classifyResponse";

/**
 * One anomaly, written by a scenario as a console line and read back by the
 * harness (harness/k6/readK6Output.ts), which attributes it to replicas and to
 * the fault timeline by `t`. The format and the parser live together here so
 * the two sides cannot drift.
 */
export const ANOMALY_KINDS = ["logout", "store-error", "login-failure", "stale-read", "lost-update", "non-monotonic"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * Why a read missed the client's own acknowledged write: the session itself was
 * not found (the read came back anonymous), or it was found without the write.
 */
export const STALE_KINDS = ["session-missing", "older-version"] as const;
export type StaleKind = (typeof STALE_KINDS)[number];

/** Another acknowledged write that claimed the same version as the lost one. */
export interface CompetingWrite {
  token: string;
  writtenBy: string | null;
}

/** What the cart checks add; null where a field does not apply (every field for a logout). */
export interface AnomalyDetail {
  staleKind: StaleKind | null;
  /** Replica that acknowledged the write the read should have shown. */
  writtenBy: string | null;
  /** Replica that answered this request; always equal to answeredBy. */
  readBy: string | null;
  /** The cart item the write added (unique per write). */
  token: string | null;
  /** The version the write produced: the version its 302 read, plus one. */
  versionWritten: number | null;
  versionSeen: number | null;
  /** How many of this session's own tokens the read showed. */
  tokensSeen: number | null;
  /** From the write's acknowledgement to this response. */
  sinceWriteMs: number | null;
  /** lost-update: the other acknowledged writes built on the same version (the overwriters). */
  competingWrites: CompetingWrite[] | null;
}

export interface Anomaly extends AnomalyDetail {
  kind: AnomalyKind;
  vu: number;
  iter: number;
  /** Where in the flow, e.g. "login", "login-redirect", "dashboard#3", "read#2". */
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

const NO_DETAIL: Omit<AnomalyDetail, "readBy"> = {
  staleKind: null,
  writtenBy: null,
  token: null,
  versionWritten: null,
  versionSeen: null,
  tokensSeen: null,
  sinceWriteMs: null,
  competingWrites: null,
};

/** The cart fields a caller may set; readBy always follows the response. */
export type DetailInput = Partial<Omit<AnomalyDetail, "readBy">>;

export function buildAnomaly(kind: AnomalyKind, ctx: AnomalyContext, step: string, facts: ResponseFacts, t: number, detail: DetailInput = {}): Anomaly {
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
    ...NO_DETAIL,
    ...detail,
    readBy: facts.replica,
  };
}

export function formatAnomaly(a: Anomaly): string {
  return ANOMALY_PREFIX + JSON.stringify(a);
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const isNumberOrNull = (v: unknown): v is number | null => v === null || isNumber(v);
const isStaleKindOrNull = (v: unknown): boolean => v === null || (STALE_KINDS as readonly unknown[]).includes(v);
const isCompetingWrites = (v: unknown): boolean =>
  v === null ||
  (Array.isArray(v) &&
    v.every((w: unknown) => typeof w === "object" && w !== null && "token" in w && typeof w.token === "string" && "writtenBy" in w && isStringOrNull(w.writtenBy)));

const DETAIL_CHECKS: Record<keyof AnomalyDetail, (v: unknown) => boolean> = {
  staleKind: isStaleKindOrNull,
  writtenBy: isStringOrNull,
  readBy: isStringOrNull,
  token: isStringOrNull,
  versionWritten: isNumberOrNull,
  versionSeen: isNumberOrNull,
  tokensSeen: isNumberOrNull,
  sinceWriteMs: isNumberOrNull,
  competingWrites: isCompetingWrites,
};

/**
 * The anomaly in a console message, or undefined when the message is not one
 * (other console output) or is not well formed (a half-written last line).
 * Lines written before the cart fields existed still parse: the missing fields
 * read as null (readBy as answeredBy), so old runs can be re-reported.
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
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
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
    isNumberOrNull(a.sinceLoginMs) &&
    Object.entries(DETAIL_CHECKS).every(([key, valid]) => a[key] === undefined || valid(a[key]));
  if (!ok) return undefined;
  const absent = Object.keys(DETAIL_CHECKS).filter((key) => a[key] === undefined);
  const filled = Object.fromEntries(absent.map((key) => [key, key === "readBy" ? a.answeredBy : null]));
  return { ...a, ...filled } as unknown as Anomaly;
}
