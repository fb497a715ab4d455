// The session payload and the two clocks that end it. Kept deliberately small:
// the harness measures how sessions survive a cluster, not what is in them.

export interface Session {
  id: string;
  userId: string;
  username: string;
  roles: string[];
  cart: string[];
  /** 1 at login, +1 per write; the harness compares it across replicas to spot stale reads. */
  version: number;
  createdAt: number;
  /** Time of the last payload write. Reads refresh the idle TTL without touching
   * the payload (rewriting it on reads would itself lose concurrent updates). */
  lastSeenAt: number;
}

export type ExpiryKind = "idle" | "absolute";

export class ExpiryPolicy {
  constructor(
    readonly idleTtlMs: number,
    readonly absoluteTtlMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Time to live from now: idle TTL, cut short by the absolute deadline. <= 0 means dead. */
  ttlMs(session: Pick<Session, "createdAt">): number {
    return Math.min(this.idleTtlMs, this.absoluteDeadline(session) - this.now());
  }

  /** How long a store keeps a marker after the session itself may be gone, so a late
   * request can still be told "expired (idle/absolute)" rather than "unknown". */
  markerTtlMs(session: Pick<Session, "createdAt">): number {
    return this.absoluteDeadline(session) - this.now() + this.idleTtlMs;
  }

  isPastAbsolute(session: Pick<Session, "createdAt">): boolean {
    return this.now() >= this.absoluteDeadline(session);
  }

  /** A session that is gone but was created at createdAt: which clock ended it? */
  kindOf(createdAt: number): ExpiryKind {
    return this.isPastAbsolute({ createdAt }) ? "absolute" : "idle";
  }

  private absoluteDeadline(session: Pick<Session, "createdAt">): number {
    return session.createdAt + this.absoluteTtlMs;
  }
}

/** Stores hold JSON; anything that does not look like a session is treated as absent. */
export function parseSession(raw: string): Session | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    if (
      value !== null &&
      typeof value === "object" &&
      typeof value.id === "string" &&
      typeof value.username === "string" &&
      Array.isArray(value.cart) &&
      typeof value.version === "number" &&
      typeof value.createdAt === "number"
    ) {
      return value as Session;
    }
  } catch {
    // fall through: corrupt payloads read as a miss
  }
  return undefined;
}
