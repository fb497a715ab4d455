import { join } from "node:path";

/**
 * The files of one run folder, reports/<run-id>/: the only place that names
 * them, so the writer (k6 runner, run) and the readers (report, tests, sweep)
 * cannot disagree. Documented in the README ("What a run writes").
 */
export function runFiles(runDir: string) {
  return {
    result: join(runDir, "result.json"),
    reportMd: join(runDir, "report.md"),
    reportHtml: join(runDir, "report.html"),
    /** One test case per gate, for CI test reporters. */
    junit: join(runDir, "junit.xml"),
    k6Summary: join(runDir, "k6-summary.json"),
    /** The scenario's console: every history operation, one JSON log record a line. */
    k6Console: join(runDir, "k6-console.log"),
    k6Log: join(runDir, "k6.log"),
    history: join(runDir, "history.ndjson"),
    anomalies: join(runDir, "anomalies.ndjson"),
    logs: join(runDir, "logs"),
  };
}

export type RunFiles = ReturnType<typeof runFiles>;

/** The files of a comparison folder, reports/<batch-id>/: several runs side by side (a config file, --compare, the demo). */
export function batchFiles(batchDir: string) {
  return {
    comparisonMd: join(batchDir, "comparison.md"),
    comparisonHtml: join(batchDir, "comparison.html"),
    junit: join(batchDir, "junit.xml"),
    /** The runs' folders and verdicts, in order. */
    runs: join(batchDir, "runs.json"),
  };
}

/** The files of a session audit's folder, reports/<run-id>/. */
export function auditFiles(runDir: string) {
  return {
    result: join(runDir, "audit.json"),
    markdown: join(runDir, "audit.md"),
    html: join(runDir, "audit.html"),
    junit: join(runDir, "junit.xml"),
    logs: join(runDir, "logs"),
  };
}
