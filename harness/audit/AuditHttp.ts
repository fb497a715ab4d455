import { Agent, fetch as undiciFetch } from "undici";

/**
 * The audit's HTTP client: one request at a time as written, no cookie jar, no
 * redirects followed, and every exchange recorded as evidence (the request
 * line, the cookie sent, the status and the headers that can decide a check).
 * Loopback only, bounded per check in count and time.
 */

/** Response headers worth showing a reviewer; the rest are left out of the evidence. */
const KEPT_HEADERS = ["location", "set-cookie", "cache-control", "pragma", "retry-after", "content-type", "x-content-type-options", "content-security-policy"] as const;

export interface Exchange {
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  /** 0 when no answer came (refused, timed out). */
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  /** The replica that answered, from the harness's nginx; null when unknown. */
  replica: string | null;
  /** The first bytes of the body, for checks that compare answers. */
  body: string;
  error?: string;
  ms: number;
}

export interface SendOptions {
  /** The whole Cookie header. */
  cookie?: string;
  form?: Record<string, string>;
  /** A raw body (its Content-Type in headers). */
  body?: string;
  headers?: Record<string, string>;
}

export class AuditBudgetError extends Error {
  override name = "AuditBudgetError";
}

export class AuditHttp {
  readonly exchanges: Exchange[] = [];

  /** Over TLS: trusts the run's own CA, and nothing else. */
  private readonly dispatcher: Agent | undefined;

  constructor(
    readonly entryUrl: string,
    private readonly replicaHeader: string,
    private readonly limits: { maxRequests: number; timeoutMs: number } = { maxRequests: 600, timeoutMs: 5_000 },
    /** PEM of the CA that signed a TLS entry's certificate (the run's throwaway CA). */
    private readonly ca?: string,
    dispatcher?: Agent,
  ) {
    this.dispatcher = dispatcher ?? (ca === undefined ? undefined : new Agent({ connect: { ca } }));
  }

  /** A client for one check: same entry, its own evidence and budget. */
  forCheck(): AuditHttp {
    return new AuditHttp(this.entryUrl, this.replicaHeader, this.limits, this.ca, this.dispatcher);
  }

  /** Closes the TLS connections it keeps (nothing to do over plain http). */
  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  async send(method: "GET" | "POST", path: string, opts: SendOptions = {}): Promise<Exchange> {
    if (this.exchanges.length >= this.limits.maxRequests) throw new AuditBudgetError(`more than ${this.limits.maxRequests} requests in one check`);
    const headers: Record<string, string> = { ...(opts.cookie === undefined ? {} : { cookie: opts.cookie }), ...opts.headers };
    let body = opts.body;
    if (opts.form !== undefined) {
      headers["content-type"] ??= "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    }
    const started = performance.now();
    const exchange: Exchange = { request: { method, path, headers, ...(body === undefined ? {} : { body }) }, status: 0, headers: {}, setCookies: [], replica: null, body: "", ms: 0 };
    try {
      const init = { method, headers, ...(body === undefined ? {} : { body }), redirect: "manual" as const, signal: AbortSignal.timeout(this.limits.timeoutMs) };
      const res = this.dispatcher === undefined ? await fetch(new URL(path, this.entryUrl), init) : await undiciFetch(new URL(path, this.entryUrl), { ...init, dispatcher: this.dispatcher });
      exchange.status = res.status;
      for (const name of KEPT_HEADERS) {
        const v = name === "set-cookie" ? undefined : res.headers.get(name);
        if (v !== null && v !== undefined) exchange.headers[name] = v;
      }
      exchange.setCookies = res.headers.getSetCookie();
      exchange.replica = res.headers.get(this.replicaHeader) || null;
      exchange.body = (await res.text()).slice(0, 2_000);
    } catch (err) {
      exchange.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    exchange.ms = Math.round(performance.now() - started);
    this.exchanges.push(exchange);
    return exchange;
  }
}
