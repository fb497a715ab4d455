import { randomBytes } from "node:crypto";
import { type RunConfig } from "../config/RunConfig";

/** Sortable and readable in `ls reports/`: 20261122-054312-login-loop-memory-3x-a1b2. */
export function newRunId(config: RunConfig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const c = config.cluster;
  return `${stamp}-${config.scenario}-${c.store}-${c.replicas}x-${randomBytes(2).toString("hex")}`;
}
