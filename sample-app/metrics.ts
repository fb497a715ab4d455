// A hand-written Prometheus registry: a handful of counters and one gauge do not
// justify prom-client's startup cost in a process that must be ready in < 300 ms.

type Labels = Readonly<Record<string, string>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

class Counter {
  private readonly values = new Map<string, number>();

  /** `seed` label sets start at 0 so rate() and increase() see them from the first scrape. */
  constructor(
    readonly name: string,
    readonly help: string,
    seed: readonly Labels[] = [{}],
  ) {
    for (const labels of seed) this.values.set(JSON.stringify(labels), 0);
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = JSON.stringify(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(JSON.stringify(labels)) ?? 0;
  }

  render(replica: string): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) {
      lines.push(`${this.name}${renderLabels(replica, JSON.parse(key) as Labels)} ${value}`);
    }
    return lines;
  }
}

function renderLabels(replica: string, labels: Labels): string {
  const pairs = Object.entries({ replica, ...labels }).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return `{${pairs.join(",")}}`;
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export class Metrics {
  readonly lookups = new Counter("session_lookups_total", "Session lookups by result (none = no cookie).", [
    { result: "hit" },
    { result: "miss" },
    { result: "none" },
  ]);
  readonly storeErrors = new Counter(
    "session_store_errors_total",
    "Store operations that failed, including after-response commits the client never heard of.",
  );
  readonly logins = new Counter("logins_total", "Login attempts by result.", [
    { result: "success" },
    { result: "failure" },
  ]);
  readonly logouts = new Counter("logouts_total", "Logout requests.");
  readonly expirations = new Counter("session_expirations_total", "Expired sessions met by a request, by clock.", [
    { kind: "idle" },
    { kind: "absolute" },
  ]);
  readonly requests = new Counter("http_requests_total", "HTTP responses by route and status.", []);
  readonly lockWaits = new Counter("session_lock_waits_total", "Lock acquisitions that had to wait.");
  readonly lockWaitSeconds = new Counter("session_lock_wait_seconds_sum", "Total seconds spent waiting for locks.");
  readonly lockFailures = new Counter("session_lock_failures_total", "Lock acquisitions given up (answered 503).");

  constructor(readonly replica: string) {}

  /** Called by the lock after every acquisition that did not succeed at once. */
  lockWaited(seconds: number): void {
    this.lockWaits.inc();
    this.lockWaitSeconds.inc({}, seconds);
  }

  lockFailed(): void {
    this.lockFailures.inc();
  }

  /** sessionsActive is undefined when the store could not count; the gauge is then left out. */
  render(sessionsActive: number | undefined): string {
    const lines: string[] = [`# replica ${this.replica}`];
    lines.push("# HELP sessions_active Live sessions in the store.", "# TYPE sessions_active gauge");
    if (sessionsActive !== undefined) lines.push(`sessions_active${renderLabels(this.replica, {})} ${sessionsActive}`);
    const counters = [
      this.lookups,
      this.storeErrors,
      this.logins,
      this.logouts,
      this.expirations,
      this.requests,
      this.lockWaits,
      this.lockWaitSeconds,
      this.lockFailures,
    ];
    for (const counter of counters) lines.push(...counter.render(this.replica));
    return `${lines.join("\n")}\n`;
  }
}
