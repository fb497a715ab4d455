/**
 * Whom a failed connection is blamed on, from the evidence the harness holds:
 * the recorded lines of a real run whose SYNs were dropped, then each rule on
 * its own, the lines that must not be blamed on the machine included.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blameEvent, type PlumbingEvidence } from "../../../harness/plumbing/blameEvent";
import { classifyNginxLine } from "../../../harness/plumbing/classifyLogLine";
import { judgePlumbing } from "../../../harness/plumbing/judgePlumbing";
import { type PlumbingEvent, type PressureSummary } from "../../../harness/plumbing/PlumbingSection";
import { PlumbingTally } from "../../../harness/plumbing/PlumbingTally";
import { projectRoot } from "../../../harness/tools/projectRoot";

/** The run harness-run-nginx-error.log was recorded in. */
const PARTS: PlumbingEvidence["parts"] = [
  { name: "app-1", role: "replica", address: "127.0.0.1:21138" },
  { name: "app-2", role: "replica", address: "127.0.0.1:29247" },
  { name: "nginx", role: "balancer", address: "127.0.0.1:25840" },
  { name: "redis", role: "store", address: "127.0.0.1:6379" },
];
const QUIET: PressureSummary = { samples: 8, activeOpens: 40, attemptFails: 6, listenDrops: 0, conntrack: { peak: 120, max: 262144, drops: 0, insertFailed: 0 } };
const evidence = (over: Partial<PlumbingEvidence> = {}): PlumbingEvidence => ({ backend: "process", parts: PARTS, entry: "127.0.0.1:25840", deaths: [], faults: [], pressure: QUIET, ...over });

const T = new Date(2026, 11, 1, 22, 21, 3).getTime();
const nginx = (kind: PlumbingEvent["kind"], peer: string, t = T): PlumbingEvent => ({ source: "nginx", kind, peer, t, line: `${kind} ${peer}` });

const recorded = (): PlumbingEvent[] =>
  readFileSync(join(projectRoot(), "test", "fixtures", "plumbing", "harness-run-nginx-error.log"), "utf8")
    .split("\n")
    .flatMap((l) => classifyNginxLine(l) ?? []);

describe("a real run whose SYNs to live replicas were dropped", () => {
  it("is the machine's, every line of it, no live upstreams included; and the run is a harness failure", () => {
    const tally = new PlumbingTally(evidence());
    for (const e of recorded()) tally.add(e);
    const findings = tally.findings();
    expect(findings.map((f) => [f.kind, f.link, f.blame, f.cause, f.count])).toEqual([
      ["no-live-upstreams", "nginx → every replica", "machine", "kernel-dropped", 6],
      ["connect-timeout", "nginx → app-1 (127.0.0.1:21138)", "machine", "kernel-dropped", 1],
      ["connect-timeout", "nginx → app-2 (127.0.0.1:29247)", "machine", "kernel-dropped", 1],
    ]);
    const section = judgePlumbing({ findings, pressure: QUIET, preflight: [], requests: 5186, logs: ["logs/nginx-error.log"] });
    expect(section.failure?.headline).toMatch(
      /^SYNs to app-\d, running on loopback, went unanswered while no listen queue overflowed \(TcpExt ListenDrops \+0\): the kernel dropped them \(a packet filter rule or connection tracking\), not the app \(1 × nginx → app-\d \(127\.0\.0\.1:\d+\), 1 × nginx → app-\d \(127\.0\.0\.1:\d+\); then 6 requests found no live replica\)$/,
    );
    expect(section.failure?.avoid).toMatch(/iptables -S, nft list ruleset/);
    expect(section.churn?.newConnectionsPerRequest).toBeCloseTo(40 / 5186);
  });

  it("with the conntrack drop counter risen it names the full table, and says to wait for its entries", () => {
    const pressure: PressureSummary = { ...QUIET, conntrack: { peak: 262144, max: 262144, drops: 111, insertFailed: 0 } };
    const tally = new PlumbingTally(evidence({ pressure }));
    for (const e of recorded()) tally.add(e);
    const section = judgePlumbing({ findings: tally.findings(), pressure, preflight: [], requests: 71956, logs: [] });
    expect(section.findings.every((f) => f.blame === "machine" && f.cause === "conntrack-full")).toBe(true);
    expect(section.failure?.headline).toContain("connection-tracking table was full (peak 262144 of 262144 entries; 111 packets dropped)");
    expect(section.failure?.avoid).toMatch(/^wait about 120 s/);
  });
});

describe("each rule", () => {
  it("a connect timeout while a listen queue overflowed is unknown for a replica (it may be slow) and the harness's for its nginx", () => {
    const ev = evidence({ pressure: { ...QUIET, listenDrops: 12 } });
    expect(blameEvent(nginx("connect-timeout", "127.0.0.1:21138"), ev)).toMatchObject({ blame: "unknown", cause: "listen-overflow" });
    expect(blameEvent({ source: "k6", kind: "connect-timeout", peer: "127.0.0.1:25840", t: T, line: "" }, ev)).toMatchObject({ blame: "harness", link: "k6 → nginx (127.0.0.1:25840)" });
  });

  it("without counters, or off loopback, a connect timeout is unknown, with the reason", () => {
    expect(blameEvent(nginx("connect-timeout", "127.0.0.1:21138"), evidence({ pressure: undefined })).why).toMatch(/counters could not be read/);
    const docker = evidence({ backend: "docker", parts: [{ name: "app-1", role: "replica", address: "10.213.0.10:8080" }] });
    expect(blameEvent(nginx("connect-timeout", "10.213.0.10:8080"), docker)).toMatchObject({ blame: "unknown", cause: "no-evidence" });
  });

  it("a refusal by a replica a kill fault had stopped is the fault working, up to the log's second of slack", () => {
    const kill = { kind: "kill", target: "app-2", start: T + 400, end: T + 2400 };
    expect(blameEvent(nginx("connect-refused", "127.0.0.1:29247"), evidence({ faults: [kill] }))).toMatchObject({ blame: "fault", cause: "fault-effect" });
    expect(blameEvent(nginx("connect-refused", "127.0.0.1:29247", T + 5000), evidence({ faults: [kill] }))).toMatchObject({ blame: "unknown", cause: "unexplained" });
    // Another replica's kill explains nothing here.
    expect(blameEvent(nginx("connect-refused", "127.0.0.1:21138"), evidence({ faults: [kill] })).blame).toBe("unknown");
  });

  it("a refusal by a live replica no fault explains is unknown; by one that had died on its own, the app's", () => {
    expect(blameEvent(nginx("connect-refused", "127.0.0.1:21138"), evidence()).why).toMatch(/saw it running and no fault had stopped it/);
    expect(blameEvent(nginx("connect-refused", "127.0.0.1:21138"), evidence({ deaths: [{ part: "app-1", t: T - 3000 }] }))).toMatchObject({ blame: "app", cause: "replica-exited" });
  });

  it("the harness's own parts: its nginx refusing k6, Redis refusing Toxiproxy, a death, a Toxiproxy API failure", () => {
    expect(blameEvent({ source: "k6", kind: "connect-refused", peer: "127.0.0.1:25840", t: T, line: "" }, evidence()).blame).toBe("harness");
    expect(blameEvent({ source: "toxiproxy", kind: "connect-refused", peer: "127.0.0.1:6379", t: T, line: "" }, evidence())).toMatchObject({ blame: "harness", link: "toxiproxy → redis (127.0.0.1:6379)" });
    // During a Redis restart it is the fault's.
    const restart = { kind: "restart-redis", target: "all", start: T - 200, end: Number.POSITIVE_INFINITY };
    expect(blameEvent({ source: "toxiproxy", kind: "connect-refused", peer: "127.0.0.1:6379", t: T, line: "" }, evidence({ faults: [restart] })).blame).toBe("fault");
    expect(blameEvent({ source: "watchdog", kind: "part-died", target: "nginx", t: T, line: "nginx (balancer) exited on its own" }, evidence())).toMatchObject({ blame: "harness", link: "watchdog: nginx" });
    expect(blameEvent({ source: "watchdog", kind: "part-died", target: "app-1", t: T, line: "" }, evidence()).blame).toBe("app");
    const api: PlumbingEvent = { source: "faults", kind: "fault-failed", faultKind: "latency", target: "all", t: T, line: "start failed: latency: toxics not added on 1 of 1 links: fetch failed" };
    expect(blameEvent(api, evidence())).toMatchObject({ blame: "harness", cause: "harness-part" });
    expect(blameEvent({ ...api, faultKind: "kill", target: "app-2", line: "stop failed: app-2 exited before it was ready" }, evidence()).blame).toBe("unknown");
  });

  it("limits are the machine's or the harness's whatever the peer; a replica closing mid-answer is the app's", () => {
    expect(blameEvent(nginx("ports-exhausted", "127.0.0.1:21138"), evidence()).blame).toBe("machine");
    expect(blameEvent({ source: "nginx", kind: "fd-limit", line: "accept4() failed (24: Too many open files)" }, evidence()).blame).toBe("machine");
    expect(blameEvent({ source: "nginx", kind: "worker-connections", line: "" }, evidence()).blame).toBe("harness");
    expect(blameEvent(nginx("upstream-failed", "127.0.0.1:21138"), evidence())).toMatchObject({ blame: "app", cause: "replica-failed" });
  });

  it("--url: the cluster is not the harness's, so nothing there is blamed on it", () => {
    const ev = evidence({ backend: "external", parts: [{ name: "nginx", role: "balancer", address: "127.0.0.1:25840" }] });
    expect(blameEvent({ source: "k6", kind: "connect-refused", peer: "127.0.0.1:25840", t: T, line: "" }, ev).blame).toBe("unknown");
  });

  it("no live upstreams with no failed connect before it is unknown, and fault-caused ones stay the fault's", () => {
    const alone = new PlumbingTally(evidence());
    alone.add({ source: "nginx", kind: "no-live-upstreams", t: T, line: "no live upstreams" });
    expect(alone.findings()[0]).toMatchObject({ blame: "unknown", cause: "unexplained" });
    const faulted = new PlumbingTally(evidence({ faults: [{ kind: "kill", target: "app-1", start: T, end: T + 1000 }] }));
    faulted.add(nginx("connect-refused", "127.0.0.1:21138"));
    faulted.add({ source: "nginx", kind: "no-live-upstreams", t: T, line: "no live upstreams" });
    expect(faulted.findings().map((f) => f.blame)).toEqual(["fault", "fault"]);
    expect(judgePlumbing({ findings: faulted.findings(), preflight: [], requests: 10, logs: [] }).failure).toBeUndefined();
  });

  it("unknown failures leave the verdict alone and say why", () => {
    const tally = new PlumbingTally(evidence());
    tally.add(nginx("connect-refused", "127.0.0.1:21138"));
    tally.add(nginx("connect-refused", "127.0.0.1:21138"));
    const section = judgePlumbing({ findings: tally.findings(), preflight: [], requests: 10, logs: [] });
    expect(section.failure).toBeUndefined();
    expect(section.unknown).toMatch(/^unknown: 2 failed connections or parts could be the app's or the harness's; e\.g\. nginx → app-1 \(127\.0\.0\.1:21138\): app-1 refused/);
  });
});
