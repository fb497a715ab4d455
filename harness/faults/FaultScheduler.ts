import { randomBytes } from "node:crypto";
import { Toxiproxy } from "toxiproxy-node-client";
import { type StartedCluster } from "../cluster/Cluster";
import { uniqueLinks } from "../plan/Plan";
import { type Fault, type FaultContext, type FaultOutcome, type StopReason } from "./Fault";
import { type FaultEvent } from "./FaultEvent";
import { type FaultSpec } from "../config/FaultSpec";
import { describeFault, faultType } from "./faults";

export { type FaultEvent } from "./FaultEvent";

export interface FaultSchedulerOptions {
  /** Live logging; called for every event as it is recorded. Its errors are ignored. */
  onEvent?: (event: FaultEvent) => void;
  /** Builds each fault; defaults to the registry. Tests pass fakes. */
  create?: (spec: FaultSpec, id: string) => Fault;
  /** Defaults to a client for cluster.toxiproxyUrl. */
  toxiproxy?: Toxiproxy;
}

interface Entry {
  spec: FaultSpec;
  label: string;
  fault: Fault;
  ctx: FaultContext;
  /** An event (restart-redis) has no window and no end. */
  lasts: boolean;
  /** Resolves true once started, false if the start failed. */
  started?: Promise<boolean>;
  stopped?: Promise<void>;
}

/**
 * Runs the faults of one run on its schedule: each starts `atMs` after the
 * load started and ends `forMs` later (or when the run ends). Timers are the
 * schedule itself; every start and stop is awaited, so an end never overtakes
 * its start, and `finish()` waits for anything in flight before undoing it.
 */
export class FaultScheduler {
  private readonly entries: Entry[];
  private readonly events: FaultEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private start: number | undefined;
  private finishing: Promise<void> | undefined;

  constructor(
    cluster: StartedCluster,
    specs: readonly FaultSpec[],
    private readonly opts: FaultSchedulerOptions = {},
  ) {
    const toxiproxy = opts.toxiproxy ?? (cluster.toxiproxyUrl ? new Toxiproxy(cluster.toxiproxyUrl) : undefined);
    // Unique across runs sharing a Toxiproxy, so toxic names never collide.
    const runTag = randomBytes(3).toString("hex");
    const create = opts.create ?? ((spec: FaultSpec, id: string): Fault => new (faultType(spec.kind))(spec, id));
    this.entries = specs.map((spec, i) => {
      const proxyNames = linksFor(cluster, spec);
      return {
        spec,
        label: describeFault(spec),
        fault: create(spec, `f${i + 1}-${runTag}`),
        ctx: { cluster, toxiproxy, proxyNames },
        lasts: faultType(spec.kind).schema.lasts,
      };
    });
  }

  /** When the load (and the schedule) started, epoch ms; undefined before begin(). */
  get origin(): number | undefined {
    return this.start;
  }

  /** Every event so far, in the order they took effect. */
  get timeline(): readonly FaultEvent[] {
    return this.events;
  }

  /** Starts the clock. `loadStartEpochMs`: when the load started, if before now; the schedule is relative to it. */
  begin(loadStartEpochMs = Date.now()): void {
    if (this.start !== undefined || this.finishing) throw new Error("FaultScheduler.begin called twice, or after finish");
    this.start = loadStartEpochMs;
    // One reading of the clock for every timer: faults at the same offset then
    // get the same delay and fire in the order given (a fault that fans out
    // into restarts changes what they pick up, so it must run first).
    const now = Date.now();
    for (const entry of this.entries) {
      const { atMs, forMs } = entry.spec;
      this.at(atMs, () => void this.startOnce(entry), now);
      if (entry.lasts && forMs !== null) this.at(atMs + forMs, () => void this.stopOnce(entry, "window-end"), now);
    }
  }

  /**
   * At run end or abort: cancels what has not started, waits for starts in
   * flight, stops every active fault. Idempotent, and never throws: a failure
   * is an `error` event in the timeline.
   */
  finish(): Promise<void> {
    this.finishing ??= (async () => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      await Promise.all(this.entries.filter((e) => e.started !== undefined).map((e) => this.stopOnce(e, "run-end")));
    })();
    return this.finishing;
  }

  private at(offsetMs: number, run: () => void, now = Date.now()): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        run();
      },
      Math.max(0, (this.start ?? now) + offsetMs - now),
    );
    this.timers.add(timer);
  }

  private startOnce(entry: Entry): Promise<boolean> {
    entry.started ??= (async () => {
      try {
        const outcome = await entry.fault.start(entry.ctx);
        this.record(entry, "start", outcome);
        if (!entry.lasts && outcome?.endedAt !== undefined) this.record(entry, "end", { at: outcome.endedAt });
        return true;
      } catch (err) {
        this.record(entry, "error", { detail: `start failed: ${message(err)}` });
        // A fault can fail half-applied (one link of three, a kill that did
        // kill): undo what landed, as its window's end would.
        if (entry.lasts) await this.undo(entry, "window-end", false);
        return false;
      }
    })();
    return entry.started;
  }

  private stopOnce(entry: Entry, reason: StopReason): Promise<void> {
    entry.stopped ??= (async () => {
      const started = await (entry.started ?? Promise.resolve(false));
      if (started && entry.lasts) await this.undo(entry, reason, true);
    })();
    return entry.stopped;
  }

  private async undo(entry: Entry, reason: StopReason, recordEnd: boolean): Promise<void> {
    try {
      const outcome = await entry.fault.stop(entry.ctx, reason);
      if (recordEnd) this.record(entry, "end", outcome);
    } catch (err) {
      this.record(entry, "error", { detail: `stop failed: ${message(err)}` });
    }
  }

  private record(entry: Entry, event: FaultEvent["event"], outcome: FaultOutcome | undefined): void {
    const t = outcome?.at ?? Date.now();
    const effect = event === "start" ? (outcome?.effect === undefined ? faultType(entry.spec.kind).schema.effect : (outcome.effect ?? undefined)) : undefined;
    const e: FaultEvent = {
      t,
      offsetMs: t - (this.start ?? t),
      event,
      fault: entry.label,
      kind: entry.spec.kind,
      target: entry.spec.target,
      ...(outcome?.detail === undefined ? {} : { detail: outcome.detail }),
      ...(effect === undefined ? {} : { effect }),
    };
    // Kept in time order: a restart is stamped at its SIGKILL but recorded when Redis is back.
    let i = this.events.length;
    while (i > 0 && (this.events[i - 1]?.t ?? 0) > t) i--;
    this.events.splice(i, 0, e);
    try {
      this.opts.onEvent?.(e);
    } catch {
      // Logging must not break the schedule.
    }
  }
}

/** The proxies a fault acts on: the app links of the replicas it targets, or every replication link. */
function linksFor(cluster: StartedCluster, spec: FaultSpec): string[] {
  const purpose = faultType(spec.kind).schema.needs === "replication-link" ? "replication" : "app";
  return uniqueLinks(cluster.plan.links.filter((l) => l.purpose === purpose && (purpose === "replication" || spec.target === "all" || l.from === spec.target))).map((l) => l.proxy);
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}
