/**
 * What a harness failure does to the result and the report: an ERROR (exit 1)
 * with no gate judged, the first line naming what failed in the harness and
 * how to avoid it, and none of the notes that would read its numbers as the
 * app's. An ERROR report of any kind carries no sampling notes. On the
 * recorded k6 fixtures of test/fixtures/k6/ and result/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkHistory } from "../../../harness/history/checkHistory";
import { readHistory } from "../../../harness/history/readHistory";
import { readSummary } from "../../../harness/k6/readK6Output";
import { type PlumbingSection } from "../../../harness/plumbing/PlumbingSection";
import { aggregate, type AggregateInput } from "../../../harness/report/aggregate";
import { readResult } from "../../../harness/report/readResult";
import { renderJunit } from "../../../harness/report/renderJunit";
import { renderMarkdown } from "../../../harness/report/renderMarkdown";
import { SOLID_SAMPLE_COUNT } from "../../../harness/report/runNotes";
import { projectRoot } from "../../../harness/tools/projectRoot";

const fixtures = join(projectRoot(), "test", "fixtures");
const pinned = readResult(readFileSync(join(fixtures, "result", "login-loop.result.json"), "utf8"));

function input(over: Partial<AggregateInput> = {}): AggregateInput {
  return {
    runId: pinned.runId,
    config: pinned.config,
    app: pinned.app,
    cluster: pinned.cluster,
    startedAt: new Date(pinned.startedAt),
    finishedAt: new Date(pinned.finishedAt),
    status: "completed",
    summary: readSummary(join(fixtures, "k6", "login-loop-summary.json")),
    history: checkHistory(readHistory(join(fixtures, "k6", "login-loop-console.log"))),
    k6ExitCode: 0,
    ...over,
  };
}

const CONNTRACK_FULL: PlumbingSection = {
  pressure: { samples: 10, activeOpens: 70_000, attemptFails: 900, listenDrops: 0, conntrack: { peak: 262144, max: 262144, drops: 111, insertFailed: 0 } },
  churn: { newConnectionsPerRequest: 0.97, activeOpens: 70_000, requests: 72_000 },
  preflight: [],
  findings: [
    {
      source: "nginx",
      kind: "connect-timeout",
      link: "nginx → app-1 (127.0.0.1:40001)",
      blame: "machine",
      cause: "conntrack-full",
      why: "the kernel's connection-tracking table was full (peak 262144 of 262144 entries; 111 packets dropped), so SYNs to app-1 were dropped",
      count: 3,
      example: "upstream timed out (110: Connection timed out) while connecting to upstream",
    },
  ],
  failure: { headline: "the kernel's connection-tracking table was full (3 × nginx → app-1 (127.0.0.1:40001))", avoid: "wait about 120 s for closed connections' entries to expire" },
  logs: ["logs/nginx-error.log", "k6.log"],
};

const isSamplingNote = (n: string): boolean => n.includes(`fewer than ${SOLID_SAMPLE_COUNT}`);

describe("a run whose plumbing failed", () => {
  const result = aggregate(input({ plumbing: CONNTRACK_FULL }));

  it("is an ERROR with no gate judged and no baseline compared, its error naming the harness", () => {
    expect(result).toMatchObject({ status: "failed", verdict: "error", gates: [] });
    expect(result.error).toBe("the harness failed, not the app: the kernel's connection-tracking table was full (3 × nginx → app-1 (127.0.0.1:40001)); wait about 120 s for closed connections' entries to expire");
    const withBaseline = aggregate(input({ plumbing: CONNTRACK_FULL, baseline: { path: "base/result.json", result: pinned } }));
    expect(withBaseline.baseline).toBeUndefined();
    expect(withBaseline.gates).toEqual([]);
  });

  it("says so in the report's first line, with how to avoid it; reads none of its numbers as the app's", () => {
    const md = renderMarkdown(result);
    const [first] = md.split("\n");
    expect(first).toBe(
      "# login-loop: ERROR: the harness failed, not the app: the kernel's connection-tracking table was full (3 × nginx → app-1 (127.0.0.1:40001)). To avoid it: wait about 120 s for closed connections' entries to expire",
    );
    expect(result.notes[0]).toMatch(/^No gate was judged/);
    expect(result.notes.filter(isSamplingNote)).toEqual([]);
    expect(result.notes.join("\n")).not.toMatch(/expected \d|answered 5xx: the app failed closed/);
    expect(md).not.toContain("## Gates");
    expect(md.indexOf("## Plumbing")).toBeLessThan(md.indexOf("## Sessions"));
    expect(md).toContain("- 3 × connect-timeout (nginx), nginx → app-1 (127.0.0.1:40001): **the machine**: the kernel's connection-tracking table was full");
    expect(md).toContain("New TCP connections per request (machine-wide): 0.970 (70,000 opened while 72,000 requests ran).");
  });

  it("junit.xml holds one errored case and no gate", () => {
    const xml = renderJunit([result]);
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(xml).toContain("the harness failed, not the app");
  });

  it("an interrupted run keeps its own verdict: the plumbing is reported, not judged", () => {
    const aborted = aggregate(input({ status: "aborted", plumbing: CONNTRACK_FULL }));
    expect(aborted.verdict).toBe("aborted");
    expect(aborted.gates.length).toBeGreaterThan(0);
    expect(renderMarkdown(aborted).split("\n")[0]).toMatch(/^# login-loop: ABORTED/);
  });
});

describe("sampling notes", () => {
  it("an ERROR report carries none, whatever failed", () => {
    for (const over of [{ status: "failed" as const, error: "app-1 exited before it was ready" }, { summary: undefined }, { status: "aborted" as const, history: checkHistory([]) }]) {
      const r = aggregate(input(over));
      expect(r.notes.filter(isSamplingNote), JSON.stringify(over)).toEqual([]);
    }
  });

  it("a completed run on few samples still gets one", () => {
    const r = aggregate(input());
    expect(r.verdict).not.toBe("error");
    expect(r.notes.filter(isSamplingNote)).toHaveLength(1);
  });

  it("a clean plumbing section changes no verdict and is shown after the load", () => {
    const clean: PlumbingSection = { ...CONNTRACK_FULL, findings: [], logs: ["logs/nginx-error.log"] };
    delete clean.failure;
    const r = aggregate(input({ plumbing: clean }));
    expect(r.verdict).toBe(aggregate(input()).verdict);
    const md = renderMarkdown(r);
    expect(md).toContain("No failed connection in logs/nginx-error.log.");
    expect(md.indexOf("## Plumbing")).toBeGreaterThan(md.indexOf("## Load"));
  });
});
