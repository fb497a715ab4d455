import { readTcpCounters, readProc, type ReadText, type TcpCounters } from "../net/tcpCounters";
import { type PressureSummary } from "./PlumbingSection";
import { readSocketTable } from "./socketTable";

export interface PressureSamplerOptions {
  /** Reads a /proc file; tests pass recorded ones. */
  read?: ReadText;
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  /** Counters (a few small files) this often. */
  everyMs?: number;
  /** The socket tables (one line per socket) this often: at 100,000 sockets a walk takes tens of ms. */
  scanEveryMs?: number;
  /** Calls `tick` every `ms` until the returned function is called; defaults to an unref'd setInterval. */
  every?: (ms: number, tick: () => void) => () => void;
}

const intervals = (ms: number, tick: () => void): (() => void) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

const rose = (from: number | undefined, to: number | undefined): number => Math.max(0, (to ?? 0) - (from ?? 0));

/**
 * Samples the machine's connection pressure while the load runs: TCP opens
 * and failures, listen-queue drops, the connection-tracking table's fill and
 * drops (each second), TIME_WAIT and ephemeral ports left (every few
 * seconds). Keeps only first, last and peaks, so a long run costs nothing
 * more. Reading never throws: what /proc does not have is left out.
 */
export class PressureSampler {
  private readonly read: ReadText;
  private readonly now: () => number;
  private first: TcpCounters | undefined;
  private last: TcpCounters | undefined;
  private samples = 0;
  private conntrackPeak = 0;
  private timeWaitPeak: number | undefined;
  private fewestLeft: PressureSummary["ephemeral"];
  private lastScan = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | undefined;

  constructor(private readonly opts: PressureSamplerOptions = {}) {
    this.read = opts.read ?? readProc;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.cancel) return;
    this.sample(true);
    this.cancel = (this.opts.every ?? intervals)(this.opts.everyMs ?? 1000, () => this.sample());
  }

  /** One sample now; the socket tables too when `scan` or when they are due. */
  sample(scan = false): void {
    const c = readTcpCounters(this.read);
    if (c) {
      this.first ??= c;
      this.last = c;
      this.samples++;
      this.conntrackPeak = Math.max(this.conntrackPeak, c.conntrack?.count ?? 0);
    }
    if (!scan && this.now() - this.lastScan < (this.opts.scanEveryMs ?? 5000)) return;
    this.lastScan = this.now();
    const t = readSocketTable(this.read);
    if (!t) return;
    this.timeWaitPeak = Math.max(this.timeWaitPeak ?? 0, t.timeWait);
    if (this.fewestLeft === undefined || t.ephemeralLeft < this.fewestLeft.minLeft) {
      this.fewestLeft = { minLeft: t.ephemeralLeft, rangeSize: t.rangeSize, ...(t.toward === undefined ? {} : { toward: t.toward }) };
    }
  }

  /** The last sample (tables included), then the summary. Idempotent. */
  stop(): PressureSummary | undefined {
    if (this.cancel) {
      this.cancel();
      this.cancel = undefined;
      this.sample(true);
    }
    return this.summary();
  }

  summary(): PressureSummary | undefined {
    const [a, b] = [this.first, this.last];
    if (a === undefined || b === undefined) return undefined;
    const ct = b.conntrack;
    return {
      samples: this.samples,
      activeOpens: rose(a.activeOpens, b.activeOpens),
      attemptFails: rose(a.attemptFails, b.attemptFails),
      ...(b.listenDrops === undefined ? {} : { listenDrops: rose(a.listenDrops, b.listenDrops) }),
      ...(ct ? { conntrack: { peak: this.conntrackPeak, max: ct.max, drops: rose(a.conntrack?.drops, ct.drops), insertFailed: rose(a.conntrack?.insertFailed, ct.insertFailed) } } : {}),
      ...(this.timeWaitPeak === undefined ? {} : { timeWaitPeak: this.timeWaitPeak }),
      ...(this.fewestLeft ? { ephemeral: this.fewestLeft } : {}),
    };
  }
}
