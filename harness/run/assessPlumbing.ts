import { dirname, join } from "node:path";
import { type ClusterDescription } from "../cluster/Cluster";
import { type FaultEvent } from "../faults/FaultEvent";
import { classifyFaultEvent, classifyK6Line, classifyNginxLine, classifyToxiproxyLine } from "../plumbing/classifyLogLine";
import { judgePlumbing } from "../plumbing/judgePlumbing";
import { type PlumbingSection, type PressureSummary } from "../plumbing/PlumbingSection";
import { PlumbingTally } from "../plumbing/PlumbingTally";
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
  const proxyLog = cluster.parts.find((p) => p.role === "fault-proxy")?.log;
  const logs = await tally.readLogs([
    { path: join(files.logs, "nginx-error.log"), name: "logs/nginx-error.log", classify: classifyNginxLine },
    { path: files.k6Log, name: "k6.log", classify: classifyK6Line },
    ...(proxyLog === undefined ? [] : [{ path: join(dirname(files.result), proxyLog), name: proxyLog, classify: classifyToxiproxyLine }]),
  ]);
  return judgePlumbing({ findings: tally.findings(), pressure: input.pressure, preflight: input.preflight, requests: input.requests, logs });
}
