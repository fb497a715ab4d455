import { type ScenarioContract } from "../../scenarios/lib/ScenarioContract";
import { type AuditHints } from "../profile/AppProfile";
import { type Exchange, type AuditHttp } from "./AuditHttp";

/**
 * pass / fail: decided from what the app answered (the evidence).
 * not-applicable: the item does not apply to this app or setup, and `why` says why.
 * inconclusive: the audit could not decide (an answer it cannot read, a replica it
 * never reached); it counts against the app in the exit code, because a
 * security check that could not be made has not been passed.
 */
export type AuditVerdict = "pass" | "fail" | "not-applicable" | "inconclusive";

export interface CheckOutcome {
  verdict: AuditVerdict;
  /** One or two sentences a reviewer reads next to the verdict. */
  why: string;
}

/** A check's result as written in audit.json. */
export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  /** OWASP ASVS 5.0 requirement ids, e.g. "V7.2.4"; empty when the item comes from the seeds only. */
  asvs: string[];
  /** Every request the check made, with the answer's deciding headers. */
  evidence: Exchange[];
  ms: number;
}

/** Cutting the store links for the fail-closed check: the harness's own `down` fault. */
export interface StoreLinks {
  /** What is cut, for the evidence ("store-app-1, store-app-2, …"). */
  readonly names: readonly string[];
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export interface AuditContext {
  /** Records into this check's evidence. */
  http: AuditHttp;
  contract: ScenarioContract;
  hints: AuditHints;
  replicas: readonly string[];
  /** The entry's scheme: the harness serves plain http today. */
  scheme: "http" | "https";
  /** The replicas' metrics path, when the profile declares one. */
  metricsPath: string | undefined;
  /** Undefined when the store has no link the harness can cut (memory, files). */
  storeLinks: StoreLinks | undefined;
  store: { name: string; shared: boolean };
  /** A second cluster started with the profile's short-timeout knob, when it declares one. */
  shortExpiry: { http: AuditHttp; idleMs: number; absoluteMs: number } | undefined;
  /** Injectable for tests of the checks' logic. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** One audit item: a file of its own under checks/, listed in checks/index.ts. */
export interface AuditCheck {
  id: string;
  title: string;
  asvs: string[];
  /** Runs against the expiry cluster (ctx.shortExpiry) rather than the main one. */
  usesShortExpiry?: boolean;
  run(ctx: AuditContext): Promise<CheckOutcome>;
}

export const pass = (why: string): CheckOutcome => ({ verdict: "pass", why });
export const fail = (why: string): CheckOutcome => ({ verdict: "fail", why });
export const notApplicable = (why: string): CheckOutcome => ({ verdict: "not-applicable", why });
export const inconclusive = (why: string): CheckOutcome => ({ verdict: "inconclusive", why });
