import { Client } from "memjs";
import { parseSession, type ExpiryPolicy, type Session } from "./Session";
import { StoreError, type Lookup, type SessionStore } from "./SessionStore";

export interface MemcachedStoreOptions {
  /** host:port,host:port: the client hashes each session over this list, in this order. */
  servers: string;
  expiry: ExpiryPolicy;
}

// The same key layout as the Redis store: the marker outlives its session so a
// late request can be told it expired rather than never existed.
const sessionKey = (id: string) => `sess:${id}`;
const markerKey = (id: string) => `sessmeta:${id}`;
/** The session id a key belongs to: what picks its node, so a session and its marker live and die together. */
const idOf = (key: string) => key.slice(key.indexOf(":") + 1);

/** Memcached counts expiry in whole seconds; a TTL below one second still lasts one. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Sessions on memcached nodes through memjs, which picks a node per key by
 * hashing over its server list (`hash % servers`, memjs's own). No failover:
 * a node that is down answers errors for its sessions rather than moving
 * them to another node, so a restarted node loses exactly the sessions that
 * hashed to it. Two attempts (memjs counts the first) of 1 s each: the second
 * goes out on a new connection when a node restarted under the first.
 */
export class MemcachedStore implements SessionStore {
  readonly kind = "memcached";
  private readonly client: Client;

  constructor(private readonly options: MemcachedStoreOptions) {
    this.client = Client.create(options.servers, { retries: 2, retry_delay: 0.05, timeout: 1, conntimeout: 1, failover: false, logger: { log: () => undefined } });
    // memjs's own choice of node, made on the session id: `sess:<id>` and
    // `sessmeta:<id>` would otherwise land on different nodes, and a marker
    // that survived its node's restart would call a lost session expired.
    const pick = this.client.getServer.bind(this.client);
    this.client.getServer = (key: string) => pick(idOf(key));
  }

  async get(id: string): Promise<Lookup> {
    const [raw, marker] = await this.op("get", () => Promise.all([this.client.get(sessionKey(id)), this.client.get(markerKey(id))]));
    const session = raw.value ? parseSession(raw.value.toString("utf8")) : undefined;
    if (session !== undefined) return { kind: "live", session };
    if (!marker.value) return { kind: "unknown" };
    // Reported once, as the Redis store's GETDEL does (two requests at the same instant may both see it).
    await this.op("get", () => this.client.delete(markerKey(id)));
    return { kind: "expired", createdAt: Number(marker.value.toString("utf8")) };
  }

  async save(session: Session): Promise<void> {
    const ttl = this.options.expiry.ttlMs(session);
    if (ttl <= 0) return this.destroy(session.id);
    const markerTtl = this.options.expiry.markerTtlMs(session);
    const [saved, marked] = await this.op("save", () =>
      Promise.all([
        this.client.set(sessionKey(session.id), JSON.stringify(session), { expires: seconds(ttl) }),
        this.client.set(markerKey(session.id), String(session.createdAt), { expires: seconds(markerTtl) }),
      ]),
    );
    if (!saved || !marked) throw new StoreError("save", "memcached did not store it");
  }

  async touch(session: Session): Promise<void> {
    const ttl = this.options.expiry.ttlMs(session);
    if (ttl > 0) await this.op("touch", () => this.client.touch(sessionKey(session.id), seconds(ttl)));
  }

  async destroy(id: string): Promise<void> {
    await this.op("destroy", () => Promise.all([this.client.delete(sessionKey(id)), this.client.delete(markerKey(id))]));
  }

  /** Memcached lists no keys: the sessions_active gauge is left out rather than guessed. */
  count(): Promise<number | undefined> {
    return Promise.resolve(undefined);
  }

  /** Every node answers (a `stats` round trip each); false rather than throwing. */
  ping(): Promise<boolean> {
    const total = this.client.servers.length;
    return new Promise((resolve) => {
      let answered = 0;
      let ok = true;
      this.client.stats((error) => {
        if (error) ok = false;
        if (++answered === total) resolve(ok);
      });
    });
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  private async op<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreError(name, error);
    }
  }
}
