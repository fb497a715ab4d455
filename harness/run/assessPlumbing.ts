import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type ClusterDescription } from "../cluster/Cluster";
import { type FaultEvent } from "../faults/FaultEvent";
import { classifyFaultEvent, classifyK6Line, classifyNginxLine, classifyToxiproxyLine } from "../plumbing/classifyLogLine";
import { judgePlumbing } from "../plumbing/judgePlumbing";
import { type PlumbingSection, type PressureSummary } from "../plumbing/PlumbingSection";
import { type PlumbingLog, PlumbingTally } from "../plumbing/PlumbingTally";
import { faultWindows } from "../report/faultWindows";
import { type RunFiles } from "./runFiles";

export interface PlumbingInput {
  files: RunFiles;
  cluster: ClusterDescription;
  /** The run's fault timeline, deaths included. */
  faults: readonly FaultEvent[];
  runEnd: number;
  pressure: PressureSummary | undefined;
  preflight: readonly string[];
  /** Requests the history recorded. */
  requests: number;
  /** How far each log had got when the harness began stopping the cluster (plumbingLogMarks). */
  marks?: LogMarks;
}

/** Bytes of each plumbing log, by path. */
export type LogMarks = ReadonlyMap<string, number>;

/** The logs plumbing reads, by the name the report gives them. */
function plumbingLogs(files: RunFiles, cluster: ClusterDescription): { path: string; name: string; classify: PlumbingLog["classify"] }[] {
  const proxyLog = cluster.parts.find((p) => p.role === "fault-proxy")?.log;
  return [
    { path: join(files.logs, "nginx-error.log"), name: "logs/nginx-error.log", classify: classifyNginxLine },
    { path: files.k6Log, name: "k6.log", classify: classifyK6Line },
    ...(proxyLog === undefined ? [] : [{ path: join(dirname(files.result), proxyLog), name: proxyLog, classify: classifyToxiproxyLine }]),
  ];
}

/**
 * Taken just before the cluster is stopped: what the logs say after it is
 * the teardown's own noise (a sentinel dialing a node that stopped a moment
 * before it), not the run's plumbing.
 */
export function plumbingLogMarks(files: RunFiles, cluster: ClusterDescription): LogMarks {
  return new Map(plumbingLogs(files, cluster).flatMap((l): [string, number][] => (existsSync(l.path) ? [[l.path, statSync(l.path).size]] : [])));
}

function entryOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * After the run: what the harness's own parts logged about failed
 * connections, with the fault timeline and the machine's counters as
 * evidence, judged into result.json's `plumbing`. Both backends write
 * nginx's error log to logs/nginx-error.log (the Docker one through its
 * mounted logs/); Toxiproxy logs to its part's log.
 */
export async function assessPlumbing(input: PlumbingInput): Promise<PlumbingSection> {
  const { files, cluster, faults } = input;
  const entry = entryOf(cluster.entryUrl);
  const tally = new PlumbingTally({
    backend: cluster.backend,
    parts: cluster.parts,
    ...(entry === undefined ? {} : { entry }),
    deaths: faults.filter((e) => e.event === "died").map((e) => ({ part: e.target, t: e.t })),
    faults: faultWindows(faults, input.runEnd).map((w) => ({ kind: w.kind, target: w.target, start: w.start, end: w.end })),
    ...(input.pressure ? { pressure: input.pressure } : {}),
  });
  for (const e of faults) {
    const event = classifyFaultEvent(e);
    if (event) tally.add(event);
  }
  const logs = await tally.readLogs(
    plumbingLogs(files, cluster).map((l) => {
      const until = input.marks?.get(l.path);
      return until === undefined ? l : { ...l, until };
    }),
  );
  return judgePlumbing({ findings: tally.findings(), pressure: input.pressure, preflight: input.preflight, requests: input.requests, logs });
}
