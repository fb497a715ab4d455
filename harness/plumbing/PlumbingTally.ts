import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { blameEvent, type PlumbingEvidence } from "./blameEvent";
import { type Blame, type PlumbingEvent, type PlumbingFinding } from "./PlumbingSection";

export interface PlumbingLog {
  path: string;
  /** As the report names it: relative to the run folder. */
  name: string;
  classify: (line: string) => PlumbingEvent | undefined;
  /** Read only its first `until` bytes: what came after is the teardown's. */
  until?: number;
}

/** Which blame a consequence inherits when the failures before it disagree: the instrument's own first. */
const PRIORITY: readonly Blame[] = ["machine", "harness", "fault", "app", "unknown"];

/**
 * Events → findings, counted as they stream: one finding per (source, what
 * failed, link, cause), so memory stays bounded by the run's parts, not its
 * log's length. nginx's "no live upstreams" is a consequence (it had marked
 * every replica down) and inherits the blame of the failed connections that
 * marked them.
 */
export class PlumbingTally {
  private readonly groups = new Map<string, PlumbingFinding>();

  constructor(private readonly evidence: PlumbingEvidence) {}

  add(e: PlumbingEvent): void {
    const b = blameEvent(e, this.evidence);
    const key = [e.source, e.kind, b.link, b.cause, b.blame].join("\u0000");
    const f = this.groups.get(key);
    if (f === undefined) {
      this.groups.set(key, { source: e.source, kind: e.kind, link: b.link, blame: b.blame, cause: b.cause, why: b.why, count: 1, ...(e.t === undefined ? {} : { first: e.t, last: e.t }), example: e.line });
      return;
    }
    f.count++;
    if (e.t !== undefined) {
      f.first = Math.min(f.first ?? e.t, e.t);
      f.last = Math.max(f.last ?? e.t, e.t);
    }
  }

  /**
   * Streams each log that exists through its classifier, a line at a time (a
   * saturated nginx writes tens of megabytes). Returns the names of the logs read.
   */
  async readLogs(logs: readonly PlumbingLog[]): Promise<string[]> {
    const read: string[] = [];
    for (const log of logs) {
      if (!existsSync(log.path) || log.until === 0) continue;
      const input = createReadStream(log.path, log.until === undefined ? {} : { end: log.until - 1 });
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        const e = log.classify(line);
        if (e) this.add(e);
      }
      read.push(log.name);
    }
    return read;
  }

  /** Every finding, most frequent first, consequences resolved. */
  findings(): PlumbingFinding[] {
    const all = [...this.groups.values()];
    const causes = all.filter((f) => f.source === "nginx" && f.kind !== "no-live-upstreams");
    const resolved = all.map((f) => (f.kind === "no-live-upstreams" ? inherit(f, causes) : f));
    return resolved.sort((a, b) => b.count - a.count);
  }
}

function inherit(f: PlumbingFinding, causes: readonly PlumbingFinding[]): PlumbingFinding {
  const top = [...causes].sort((a, b) => PRIORITY.indexOf(a.blame) - PRIORITY.indexOf(b.blame) || b.count - a.count)[0];
  if (top === undefined) {
    return { ...f, blame: "unknown", cause: "unexplained", why: "nginx had marked every replica down, and its log (warnings and worse) names no failed connection before it" };
  }
  return { ...f, blame: top.blame, cause: top.cause, why: `nginx had marked every replica down after the failures of ${top.link}: ${top.why}` };
}
