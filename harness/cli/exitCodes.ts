/** Same meaning as k6's own codes where they overlap (99: a threshold failed). */
export const EXIT = { ok: 0, failed: 1, usage: 2, gate: 99, interrupted: 130 } as const;
