import { Counter, Rate } from "k6/metrics";
import { METRIC } from "../lib/metricNames";
import { type StepResult } from "../lib/SessionFlow";

// Created at module top level, i.e. in k6's init context, once per VU, and
// shared by the HTTP and the browser clients. These are the live numbers
// (progress, abort-on-fail); the report's verdicts come from the history
// every request writes.
export const loginFailures = new Rate(METRIC.loginFailures);
const sessionLogouts = new Rate(METRIC.sessionLogouts);
const serverErrors = new Rate(METRIC.serverErrors);
const readsMissingWrite = new Counter(METRIC.liveReadsMissingWrite);
const writesMissingAtEnd = new Counter(METRIC.liveWritesMissingAtEnd);

/** One judged request's live samples. */
export function recordLive(result: StepResult): void {
  serverErrors.add(result.facts.outcome === "error");
  if (result.logout !== undefined) sessionLogouts.add(result.logout);
  if (result.missedWrites !== undefined) {
    if (result.op.step === "read#final") writesMissingAtEnd.add(result.missedWrites);
    else readsMissingWrite.add(result.missedWrites > 0 ? 1 : 0);
  }
}
