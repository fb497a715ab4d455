import { createReadStream, createWriteStream, existsSync, type WriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { basename, dirname, join } from "node:path";
import { parseOp } from "../../scenarios/lib/HistoryOp";
import { type HistoryVerdict } from "../history/checkHistory";
import { CrossChecker, type CrossChecks } from "../history/crossChecks";
import { HistoryChecker } from "../history/HistoryChecker";
import { TimelineBuilder } from "../history/TimelineBuilder";
import { consoleMessage } from "../k6/readK6Output";
import { type AttributionContext } from "../report/attributeAnomalies";
import { type AnomalySummary, type Timeline } from "../report/RunResult";
import { AnomalySummarizer } from "../report/summarizeAnomalies";
import { type RunFiles } from "./runFiles";

/** anomalies.ndjson keeps this many anomalies verbatim; the counts always cover them all. */
export const MAX_ANOMALY_LINES = 100_000;

export interface CollectedHistory {
  verdict: Omit<HistoryVerdict, "anomalies">;
  anomalies: AnomalySummary;
  crossChecks: CrossChecks;
  /** Anomalies found, and how many of them anomalies.ndjson holds. */
  anomalyLines: { found: number; written: number };
  timeline: Timeline;
  /** When browser users ran: the verdict of each kind of client on its own sessions. */
  byClient?: Partial<Record<ClientKind, Omit<HistoryVerdict, "anomalies">>>;
}

export type ClientKind = "http" | "browser";

/** A file written through a temporary name and renamed when complete, with backpressure. */
class AtomicLines {
  private readonly tmp: string;
  private readonly out: WriteStream;

  constructor(private readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.out = createWriteStream(this.tmp);
  }

  async write(line: string): Promise<void> {
    if (!this.out.write(line + "\n")) await once(this.out, "drain");
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, "finish");
    await rename(this.tmp, this.path);
  }
}

/**
 * k6's console output → the run's history, checked as it streams: every
 * operation goes to history.ndjson and through the history checker, each
 * anomaly to the summary and (up to MAX_ANOMALY_LINES) to anomalies.ndjson,
 * and k6-console.log keeps only what was not history (errors, warnings), so
 * the operations are on disk once. Memory stays bounded whatever the run's
 * length: open sessions and counts, never the whole history.
 */
export async function collectHistory(files: RunFiles, attribution: AttributionContext, timing: { origin: number; bucketMs: number }): Promise<CollectedHistory> {
  const timeline = new TimelineBuilder(timing.origin, timing.bucketMs);
  const history = new AtomicLines(files.history);
  const anomalyFile = new AtomicLines(files.anomalies);
  const summarizer = new AnomalySummarizer(attribution);
  const cross = new CrossChecker();
  const lines = { found: 0, written: 0 };
  /** Anomalies of sessions just judged, written in order before the next line is read. */
  const queued: string[] = [];
  const flush = async (): Promise<void> => {
    for (const line of queued.splice(0)) await anomalyFile.write(line);
  };
  const checker = new HistoryChecker(
    (a) => {
      summarizer.add(a);
      timeline.addAnomaly(a);
      lines.found++;
      if (lines.written < MAX_ANOMALY_LINES) {
        lines.written++;
        queued.push(JSON.stringify(a));
      }
    },
    (ops, found) => cross.addSession(ops, found),
    (rate, t, hit) => timeline.addSample(rate, t, hit),
  );
  // Each client's sessions are its own, so a checker per client judges exactly what the one above does, split.
  const perClient = new Map<ClientKind, HistoryChecker>();
  const rest = existsSync(files.k6Console) ? new AtomicLines(files.k6Console) : undefined;
  if (rest) {
    const input = createInterface({ input: createReadStream(files.k6Console), crlfDelay: Infinity });
    for await (const line of input) {
      const message = consoleMessage(line);
      const op = message === undefined ? undefined : parseOp(message);
      if (op === undefined) {
        if (line.trim() !== "") await rest.write(line);
        continue;
      }
      checker.add(op);
      const client: ClientKind = op.client ?? "http";
      const own = perClient.get(client) ?? new HistoryChecker(() => undefined);
      perClient.set(client, own);
      own.add(op);
      cross.addOp(op);
      timeline.addOp(op);
      await history.write(JSON.stringify(op));
      await flush();
    }
  }
  const verdict = checker.finish();
  await flush();
  await Promise.all([history.close(), anomalyFile.close(), rest?.close()]);
  const byClient = perClient.has("browser") ? Object.fromEntries([...perClient].map(([k, c]) => [k, c.finish()])) : undefined;
  return { verdict, anomalies: summarizer.summary(), crossChecks: cross.result(), anomalyLines: lines, timeline: timeline.result(), ...(byClient ? { byClient } : {}) };
}
