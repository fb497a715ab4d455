import { type BrowserEvidence } from "../../scenarios/lib/BrowserEvidence";

/**
 * One anomaly the history checker found: what the user saw that a correct
 * clustered session would never show. Written one per line to
 * anomalies.ndjson; the report attributes each to a cause afterwards
 * (harness/report/attributeAnomalies.ts).
 */
export const ANOMALY_KINDS = ["logout", "stale-read", "lost-update", "non-monotonic", "foreign-data", "server-error", "login-failure"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * Why a read missed a write that later showed up: the session was not found
 * at all (the read came back anonymous), or it was found without the write.
 */
export const STALE_KINDS = ["session-missing", "older-version"] as const;
export type StaleKind = (typeof STALE_KINDS)[number];

/** Another acknowledged write of the same session, overlapping the lost one in time, that survived it. */
export interface CompetingWrite {
  token: string;
  writtenBy: string | null;
}

export interface Anomaly {
  kind: AnomalyKind;
  /** The session ("vu:iter"), the VU and its iteration. */
  session: string;
  vu: number;
  iter: number;
  /** Where in the flow, e.g. "login", "dashboard#3", "read#2". */
  step: string;
  /** Epoch ms when the response that showed it arrived. */
  t: number;
  status: number;
  /** Replica that answered the login (created the session); null without one. */
  createdBy: string | null;
  /** Replica that answered this request, as the harness's nginx named it. */
  readBy: string | null;
  /** stale-read, lost-update: the replica that acknowledged the write, and the write's token. */
  writtenBy: string | null;
  token: string | null;
  staleKind: StaleKind | null;
  sinceLoginMs: number | null;
  sinceWriteMs: number | null;
  /**
   * How long the request those count from (the write, else the login) took:
   * its store write happened somewhere in that span, which a fault's window
   * may cut (a login that began before a failover's end and was answered after it).
   */
  sourceTookMs?: number;
  /**
   * logout: a later request of the same session was served again, so the
   * session had not gone for good (it had not reached the reader yet).
   */
  cameBack: boolean | null;
  /**
   * logout: an earlier request of the same login had already been served, so
   * its session was in the store before this read began: a miss then is not
   * a write that had not landed yet. Only present when true.
   */
  seenBefore?: true;
  /** lost-update: the concurrent writes that survived it. */
  competingWrites: CompetingWrite[] | null;
  /** non-monotonic: how many of the session's tokens this read showed, and how many earlier reads had shown (`token`: one it dropped). */
  tokensSeen: number | null;
  tokensBefore: number | null;
  /** foreign-data: tokens of other sessions the page showed. */
  foreign: string[] | null;
  /** login-failure: whether the session cookie arrived. */
  cookie: boolean | null;
  /** The app's own session-state and version headers, when it declares them. */
  state: string | null;
  version: number | null;
  /** Seen by a real browser (a browser- scenario), with what its cookie jar held; absent for k6's HTTP client. */
  client?: "browser";
  browser?: BrowserEvidence;
}
