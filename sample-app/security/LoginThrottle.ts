// Failed logins per user name, in a fixed window. Checked before the password
// hash is computed, so a throttled guess costs no scrypt. Per replica: behind
// N replicas a guesser gets N × the limit per window, which the harness's
// audit accounts for by trying long enough to reach every replica.

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After) when not allowed. */
  retryAfterSeconds: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; windowEnds: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(username: string): ThrottleVerdict {
    const entry = this.current(username);
    if (entry === undefined || entry.count < this.maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.windowEnds - this.now()) / 1000)) };
  }

  failed(username: string): void {
    const entry = this.current(username) ?? { count: 0, windowEnds: this.now() + this.windowMs };
    entry.count += 1;
    this.failures.set(username, entry);
    // Bounded memory under a spray of made-up names: drop what has lapsed.
    if (this.failures.size > 10_000) for (const name of [...this.failures.keys()]) if (this.current(name) === undefined) this.failures.delete(name);
  }

  succeeded(username: string): void {
    this.failures.delete(username);
  }

  private current(username: string): { count: number; windowEnds: number } | undefined {
    const entry = this.failures.get(username);
    return entry !== undefined && entry.windowEnds > this.now() ? entry : undefined;
  }
}
