import type { ExpiryKind, ExpiryPolicy, Session } from "./Session";
import type { SessionStore } from "./SessionStore";

/** forged: a cookie came whose signature this replica's secret does not verify. */
export type SessionState = "hit" | "miss" | "none" | "error" | "forged";

/** One request's view of its session: handlers read and mutate it in memory, and
 * nothing reaches the store until the pipeline's single commit step, whose
 * timing (before the response or after it) is the knob under test. */
export class RequestSession {
  state: SessionState = "none";
  /** The version this request read; 0 when it read none. */
  readVersion = 0;
  /** Set by load() when the cookie pointed at a session that had just expired. */
  expired: ExpiryKind | undefined;
  private current: Session | undefined;
  private dirty = false;
  private readonly doomed = new Set<string>();

  constructor(
    readonly cookieId: string | undefined,
    private readonly store: SessionStore,
    private readonly expiry: ExpiryPolicy,
    private readonly isWellFormed: (id: string) => boolean,
  ) {}

  get session(): Session | undefined {
    return this.current;
  }

  /** Throws StoreError; the caller must answer 503, never treat it as anonymous. */
  async load(): Promise<void> {
    const id = this.cookieId;
    if (id === undefined) return;
    this.state = "miss";
    if (!this.isWellFormed(id)) return;
    try {
      const found = await this.store.get(id);
      if (found.kind === "expired") {
        this.expired = this.expiry.kindOf(found.createdAt);
      } else if (found.kind === "live" && this.expiry.isPastAbsolute(found.session)) {
        // The store's TTL should have ended it; a clock step or rounding did not.
        this.expired = "absolute";
        this.doomed.add(id);
      } else if (found.kind === "live") {
        this.current = found.session;
        this.readVersion = found.session.version;
        this.state = "hit";
      }
    } catch (error) {
      this.state = "error";
      throw error;
    }
  }

  /** Login: a fresh session replaces whatever the cookie pointed at, so an id
   * planted before login (session fixation) is worthless after it. */
  begin(session: Session): void {
    if (this.cookieId !== undefined) this.doomed.add(this.cookieId);
    this.current = session;
    this.dirty = true;
  }

  /** Every write goes through here so the version counts writes exactly. */
  update(mutate: (session: Session) => void): void {
    const session = this.current;
    if (session === undefined) throw new Error("update() without a session");
    mutate(session);
    session.version += 1;
    session.lastSeenAt = this.expiry.now();
    this.dirty = true;
  }

  end(): void {
    if (this.cookieId !== undefined) this.doomed.add(this.cookieId);
    if (this.current !== undefined) this.doomed.add(this.current.id);
    this.current = undefined;
    this.dirty = false;
  }

  /** Destroys, then saves a dirty session, or else refreshes the idle TTL of one
   * that was only read. Throws StoreError. */
  async commit(): Promise<void> {
    for (const id of this.doomed) await this.store.destroy(id);
    this.doomed.clear();
    const session = this.current;
    if (session === undefined) return;
    if (this.dirty) await this.store.save(session);
    else if (this.state === "hit") await this.store.touch(session);
    this.dirty = false;
  }
}
