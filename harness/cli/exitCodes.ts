import { type Verdict } from "../report/RunResult";

export const EXIT = { ok: 0, failed: 1, usage: 2, gate: 99, interrupted: 130 } as const;

/** Same meaning as k6's own codes where they overlap (99: a threshold failed). */
export function exitCodeFor(verdict: Verdict): number {
  switch (verdict) {
    case "pass":
      return EXIT.ok;
    case "fail":
      return EXIT.gate;
    case "aborted":
      return EXIT.interrupted;
    case "error":
      return EXIT.failed;
  }
}
