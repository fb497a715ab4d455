import { type TrendValues } from "../k6/k6SummaryTypes";
import { type Anomaly, type StaleKind } from "./Anomaly";

/** Samples of one rate: how many were anomalies, out of how many judged. */
export interface RateCount {
  hits: number;
  total: number;
}

/** The rates the checker counts, by their names in the verdict. */
export type RateName = "logouts" | "loginFailures" | "serverErrors" | "staleReads" | "lostUpdates" | "monotonicViolations" | "foreignData";

/**
 * Told each sample of a rate as it is counted: which rate, when (the op's
 * answer that decided it), and whether it was an anomaly. Summed, they are
 * the verdict's counts; the timeline sums them per second, so its charts and
 * the report's tables share one denominator per rate.
 */
export type SampleListener = (rate: RateName, t: number, hit: boolean) => void;

export interface HistoryVerdict {
  /** In time order. (The streaming HistoryChecker hands them out as found instead.) */
  anomalies: Anomaly[];
  /** Requests made while holding a live session, answered as anonymous. */
  logouts: RateCount;
  loginFailures: RateCount;
  /** Every request; hits answered 5xx (or the app's state header said error). */
  serverErrors: RateCount;
  /** Reads made after at least one acknowledged write; hits missed one that a later read showed. Only with writes. */
  staleReads?: RateCount & { byKind: Record<StaleKind, number> };
  /** Acknowledged writes whose fate is known; hits never showed up in a later read. Only with writes. */
  lostUpdates?: RateCount;
  /** Served reads with an earlier completed one; hits lacked a token an earlier read showed. Only with reads. */
  monotonicViolations?: RateCount;
  /** Reads that showed another session's tokens. Only with reads. */
  foreignData?: RateCount;
  /**
   * What the history cannot decide, counted and never guessed: acknowledged
   * writes no later read showed nor confirmed lost, and reads that missed a
   * write with no served read after them (the session or the run ended
   * first, or every later read failed).
   */
  unresolved: { writes: number; reads: number };
  /** Answers per replica, from the harness's nginx ("none" when no replica answered). */
  replicaResponses: Record<string, number>;
  /**
   * Every request's time as the scenario saw it (sent → answer read, in whole
   * ms, JS overhead included): the load figures when k6 left no summary.
   */
  requestTimes: TrendValues | undefined;
  /** First request sent to last answer read (ms). */
  spanMs: number;
}
