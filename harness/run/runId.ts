import { randomBytes } from "node:crypto";
import { type RunConfig } from "../config/RunConfig";

/** 20261122-054312 (UTC): sorts by time in `ls reports/`. */
export function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** Sortable and readable in `ls reports/`: 20261122-054312-login-loop-sample-memory-3x-a1b2. */
export function newRunId(config: RunConfig, appName: string, now = new Date()): string {
  const c = config.cluster;
  return `${timestamp(now)}-${config.scenario}-${appName}-${c.store}-${c.replicas}x-${randomBytes(2).toString("hex")}`;
}
