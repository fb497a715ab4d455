/**
 * The classifier on lines the real tools wrote (test/fixtures/plumbing/README.md
 * says how each was recorded), lines that must not be flagged included.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FaultEvent } from "../../../harness/faults/FaultEvent";
import { classifyFaultEvent, classifyK6Line, classifyNginxLine, classifyToxiproxyLine, goDialError } from "../../../harness/plumbing/classifyLogLine";
import { projectRoot } from "../../../harness/tools/projectRoot";

const fixture = (name: string): string[] =>
  readFileSync(join(projectRoot(), "test", "fixtures", "plumbing", name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");

describe("nginx's error log", () => {
  it("names what failed and where, line by line", () => {
    const got = fixture("nginx-error.log").map((l) => {
      const e = classifyNginxLine(l);
      return e && [e.kind, e.peer];
    });
    expect(got).toEqual([
      ["connect-refused", "127.0.0.1:5601"],
      ["connect-timeout", "127.0.0.1:5602"],
      ["upstream-failed", "127.0.0.1:5603"],
      ["connect-refused", "127.0.0.1:5604"],
      ["worker-connections", undefined],
      ["upstream-failed", "127.0.0.1:5605"],
      ["fd-limit", "127.0.0.1:5605"],
      ["ports-exhausted", "127.0.0.1:5605"],
      ["fd-limit", undefined],
    ]);
  });

  it("reads the time stamp as local time, whole seconds", () => {
    const [first] = fixture("nginx-error.log");
    expect(classifyNginxLine(first ?? "")?.t).toBe(new Date(2026, 11, 1, 22, 22, 37).getTime());
  });

  it("the harness's own run: connect timeouts to both replicas, then no live upstreams; the 'temporarily disabled' warnings are not counted", () => {
    const kinds = fixture("harness-run-nginx-error.log").map((l) => classifyNginxLine(l)?.kind);
    expect(kinds.filter((k) => k === "connect-timeout")).toHaveLength(2);
    expect(kinds.filter((k) => k === "no-live-upstreams")).toHaveLength(6);
    expect(kinds.filter((k) => k === undefined)).toHaveLength(2);
    const noLive = fixture("harness-run-nginx-error.log").map((l) => classifyNginxLine(l)).find((e) => e?.kind === "no-live-upstreams");
    // "http://app/…" is the upstream group, not an address.
    expect(noLive?.peer).toBeUndefined();
  });

  it("does not flag what is not the plumbing: a missing file, a too large body, a replica marked down", () => {
    expect(fixture("nginx-not-flagged.log").map((l) => classifyNginxLine(l))).toEqual([undefined, undefined, undefined]);
    // In nginx's format: the FastCGI app's own complaint, a start-up bind failure, nginx's notices.
    for (const line of [
      '2026/12/01 22:30:00 [error] 10#10: *3 FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "127.0.0.1:8080"',
      '2026/12/01 22:30:00 [emerg] 10#10: bind() to 127.0.0.1:8080 failed (98: Address already in use)',
      "2026/12/01 22:30:00 [notice] 10#10: signal process started",
      "",
    ]) {
      expect(classifyNginxLine(line), line).toBeUndefined();
    }
  });
});

describe("k6's log", () => {
  it("names k6's dial errors, taking the address from the URL when k6 leaves it out", () => {
    expect(fixture("k6.log").map((l) => classifyK6Line(l)).map((e) => e && [e.kind, e.peer, e.t])).toEqual([
      ["connect-refused", "127.0.0.1:1", Date.parse("2026-12-01T22:19:39Z")],
      ["ports-exhausted", "127.0.0.1:5605", Date.parse("2026-12-01T22:23:08Z")],
      ["connect-timeout", "127.0.0.1:5602", Date.parse("2026-12-01T22:23:38Z")],
    ]);
  });

  it("does not flag a request timeout (nginx had the connection) nor k6's own API", () => {
    expect(fixture("k6-not-flagged.log").map((l) => classifyK6Line(l))).toEqual([undefined, undefined]);
    expect(classifyK6Line('{"level":"info","msg":"OP {\\"s\\":\\"1:0\\"}","time":"2026-12-01T22:19:39Z"}')).toBeUndefined();
    expect(classifyK6Line("     ✓ http_req_failed................: 0.00%")).toBeUndefined();
  });

  it("reads k6's text log format too", () => {
    const line = 'time="2026-12-01T22:19:39Z" level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:8080/\\": dial tcp 127.0.0.1:8080: connect: connection refused"';
    expect(classifyK6Line(line)).toMatchObject({ kind: "connect-refused", peer: "127.0.0.1:8080" });
  });
});

describe("Toxiproxy and the fault timeline", () => {
  it("flags Toxiproxy's failed dial to Redis, and none of its info or API lines", () => {
    const events = fixture("toxiproxy.log").map((l) => classifyToxiproxyLine(l));
    expect(events.filter((e) => e !== undefined)).toEqual([expect.objectContaining({ source: "toxiproxy", kind: "connect-refused", peer: "127.0.0.1:25622", t: Date.parse("2026-12-01T22:29:43Z") })]);
  });

  it("turns the scheduler's failed faults and the watchdog's deaths into events", () => {
    const timeline = JSON.parse(fixture("faults-timeline.json").join("\n")) as FaultEvent[];
    expect(timeline.map((e) => classifyFaultEvent(e))).toEqual(timeline.map((e): unknown => expect.objectContaining({ source: "faults", kind: "fault-failed", faultKind: "latency", line: e.detail })));
    const died: FaultEvent = { t: 5, offsetMs: 5, event: "died", fault: "toxiproxy (fault-proxy) exited on its own (signal SIGKILL)", kind: "part-exit", target: "toxiproxy" };
    expect(classifyFaultEvent(died)).toMatchObject({ source: "watchdog", kind: "part-died", target: "toxiproxy" });
    expect(classifyFaultEvent({ ...died, event: "start", kind: "kill", target: "app-2" })).toBeUndefined();
  });

  it("Go's dial errors by their words, nothing else", () => {
    expect(goDialError("dial tcp [::1]:6379: connect: cannot assign requested address")).toEqual({ kind: "ports-exhausted", peer: "[::1]:6379" });
    expect(goDialError("accept tcp 127.0.0.1:7000: accept4: too many open files")).toEqual({ kind: "fd-limit" });
    expect(goDialError("read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer")).toBeUndefined();
    expect(goDialError("EOF")).toBeUndefined();
  });
});
