import { METRIC } from "../../scenarios/lib/metricNames";

/** What k6's REST API says right now, reduced to what the status line shows. */
export interface ProgressSnapshot {
  elapsedMs: number;
  totalMs: number;
  /** A run of a fixed count: iterations begun so far, of `iterations.of`. */
  iterations?: { done: number; of: number };
  requests: number;
  requestsPerSecond: number;
  /** Shares (0..1); undefined before the first sample. */
  logoutRate?: number;
  serverErrorRate?: number;
  readsMissingWrite?: number;
  writesMissingAtEnd?: number;
  faults: string[];
}

const secs = (ms: number): string => `${Math.round(ms / 1000)}s`;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** One status line; pure, so what CI logs show is unit-tested. */
export function formatProgress(s: ProgressSnapshot): string {
  const phase = s.elapsedMs < s.totalMs ? "load" : "finishing";
  const time = `${phase} ${secs(s.elapsedMs)}/${s.iterations ? "at most " : ""}${secs(s.totalMs)}`;
  const count = s.iterations ? [`${s.iterations.done.toLocaleString("en-US")}/${s.iterations.of.toLocaleString("en-US")} iterations`] : [];
  const parts = [time, ...count, `${s.requests.toLocaleString("en-US")} req (${Math.round(s.requestsPerSecond)}/s)`];
  if (s.logoutRate !== undefined) parts.push(`logouts ${pct(s.logoutRate)}`);
  if (s.readsMissingWrite !== undefined) parts.push(`reads missing a write ${s.readsMissingWrite}`);
  if (s.writesMissingAtEnd !== undefined) parts.push(`writes missing at the end ${s.writesMissingAtEnd}`);
  if (s.serverErrorRate !== undefined && s.serverErrorRate > 0) parts.push(`5xx ${pct(s.serverErrorRate)}`);
  parts.push(s.faults.length > 0 ? `faults: ${s.faults.join(", ")}` : "no fault active");
  return parts.join(" · ");
}

interface K6MetricsDoc {
  data?: { id?: string; attributes?: { sample?: Record<string, number> } }[];
}

/** k6's `GET /v1/metrics` → sample by metric name. */
export function metricSamples(doc: unknown): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const m of (doc as K6MetricsDoc).data ?? []) if (m.id && m.attributes?.sample) out.set(m.id, m.attributes.sample);
  return out;
}

export interface LiveProgressOptions {
  apiAddress: string;
  totalMs: number;
  /** `--iterations`: the count the load is. */
  iterations?: number;
  activeFaults: () => string[];
  /** A terminal gets a line redrawn in place about once a second; anything else a plain line every 10 s. */
  tty: boolean;
  write: (text: string) => void;
  now?: () => number;
}

/**
 * The status line while the load runs, read from k6's REST API (never
 * estimated): elapsed/total, requests per second, logouts, reads that missed
 * a write, writes still missing at a session's end, active faults. Log lines
 * go through around() so they do not tear the line.
 */
export class LiveProgress {
  private timer: NodeJS.Timeout | undefined;
  private shown = "";
  private readonly started: number;
  private readonly now: () => number;

  constructor(private readonly o: LiveProgressOptions) {
    this.now = o.now ?? Date.now;
    this.started = this.now();
  }

  start(): void {
    const every = this.o.tty ? 1000 : 10_000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** Prints something else (a log line) without tearing the status line: cleared, printed, redrawn. */
  around(print: () => void): void {
    if (!this.o.tty || this.shown === "") return print();
    this.o.write("\r\x1b[2K");
    print();
    this.o.write(this.shown);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.o.tty && this.shown !== "") this.o.write("\r\x1b[2K");
    this.shown = "";
  }

  async snapshot(): Promise<ProgressSnapshot | undefined> {
    let doc: unknown;
    try {
      const res = await fetch(`http://${this.o.apiAddress}/v1/metrics`, { signal: AbortSignal.timeout(500) });
      if (!res.ok) return undefined;
      doc = await res.json();
    } catch {
      // k6 not up yet, or already gone: nothing to show this time.
      return undefined;
    }
    const m = metricSamples(doc);
    const count = (name: string): number | undefined => m.get(name)?.count;
    return {
      elapsedMs: this.now() - this.started,
      totalMs: this.o.totalMs,
      ...(this.o.iterations === undefined ? {} : { iterations: { done: count("iterations") ?? 0, of: this.o.iterations } }),
      requests: count("http_reqs") ?? 0,
      requestsPerSecond: m.get("http_reqs")?.rate ?? 0,
      ...opt("logoutRate", m.get(METRIC.sessionLogouts)?.rate),
      ...opt("serverErrorRate", m.get(METRIC.serverErrors)?.rate),
      ...opt("readsMissingWrite", count(METRIC.liveReadsMissingWrite)),
      ...opt("writesMissingAtEnd", count(METRIC.liveWritesMissingAtEnd)),
      faults: this.o.activeFaults(),
    };
  }

  private async tick(): Promise<void> {
    const s = await this.snapshot();
    if (!s || this.timer === undefined) return;
    const line = `session-harness: ${formatProgress(s)}`;
    if (this.o.tty) {
      this.shown = line;
      this.o.write(`\r\x1b[2K${line}`);
    } else {
      this.o.write(`${line}\n`);
    }
  }
}

function opt<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, number>);
}
