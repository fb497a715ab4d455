import { parseSession, type ExpiryPolicy, type Session } from "./Session";
import type { Lookup, SessionStore } from "./SessionStore";

interface Entry {
  // Serialised, so a handler's in-flight mutation is invisible to other requests
  // until the commit step saves it, exactly as with Redis. Sharing the object
  // would hide the after-response race the harness exists to measure.
  raw: string;
  createdAt: number;
  expiresAt: number;
  markerExpiresAt: number;
}

const SWEEP_INTERVAL_MS = 30_000;

/** Per-process Map: each replica has its own, which is the point of the memory
 * store in a cluster (a session lives only on the replica that created it). */
export class MemoryStore implements SessionStore {
  readonly kind = "memory";
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly expiry: ExpiryPolicy) {
    // Entries of sessions nobody comes back for would otherwise pile up for the
    // whole run; unref so the timer never keeps a stopping process alive.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  get(id: string): Promise<Lookup> {
    const entry = this.entries.get(id);
    const now = this.expiry.now();
    if (entry === undefined || now >= entry.markerExpiresAt) {
      this.entries.delete(id);
      return Promise.resolve({ kind: "unknown" });
    }
    const session = now < entry.expiresAt ? parseSession(entry.raw) : undefined;
    if (session === undefined) {
      // Reported once, like Redis's GETDEL of the marker.
      this.entries.delete(id);
      return Promise.resolve({ kind: "expired", createdAt: entry.createdAt });
    }
    return Promise.resolve({ kind: "live", session });
  }

  save(session: Session): Promise<void> {
    const ttl = this.expiry.ttlMs(session);
    if (ttl <= 0) return this.destroy(session.id);
    const now = this.expiry.now();
    this.entries.set(session.id, {
      raw: JSON.stringify(session),
      createdAt: session.createdAt,
      expiresAt: now + ttl,
      markerExpiresAt: now + this.expiry.markerTtlMs(session),
    });
    return Promise.resolve();
  }

  touch(session: Session): Promise<void> {
    const entry = this.entries.get(session.id);
    const ttl = this.expiry.ttlMs(session);
    const now = this.expiry.now();
    if (entry !== undefined && ttl > 0 && now < entry.expiresAt) entry.expiresAt = now + ttl;
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }

  count(): Promise<number> {
    const now = this.expiry.now();
    let live = 0;
    for (const entry of this.entries.values()) if (now < entry.expiresAt) live++;
    return Promise.resolve(live);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = this.expiry.now();
    for (const [id, entry] of this.entries) if (now >= entry.markerExpiresAt) this.entries.delete(id);
  }
}
