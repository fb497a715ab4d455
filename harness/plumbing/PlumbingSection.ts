/**
 * The run's own plumbing, as result.json records it (`plumbing`): the machine
 * counters over the load, what the logs of the harness's parts said about
 * failed connections, and whom each failure is blamed on. The harness's nginx,
 * k6, Toxiproxy and Redis are the instrument; a failure among them is not the
 * app's, and a run the instrument failed gets no verdict on the app.
 */

/** Which log (or record) a line came from. */
export type PlumbingSource = "nginx" | "k6" | "toxiproxy" | "faults" | "watchdog";

/** What a line says went wrong. */
export type PlumbingKind =
  /** A SYN that nothing answered: nginx's connect timeout, k6's dial i/o timeout. */
  | "connect-timeout"
  | "connect-refused"
  /** 113: on a Docker network, an address nobody holds. */
  | "no-route"
  /** 99: no local port left toward that address. */
  | "ports-exhausted"
  /** 24 / 23: the process or the system has no file descriptor left. */
  | "fd-limit"
  | "worker-connections"
  /** nginx had marked every replica down: a consequence of earlier failures, not a cause. */
  | "no-live-upstreams"
  /** Connected, then the replica closed, reset or did not answer in time. */
  | "upstream-failed"
  /** The fault scheduler could not apply or undo a fault (Toxiproxy's API, a kill). */
  | "fault-failed"
  /** A part the harness provides (balancer, store, fault proxy) exited on its own. */
  | "part-died";

export interface PlumbingEvent {
  source: PlumbingSource;
  kind: PlumbingKind;
  /** Epoch ms, at the log's own resolution (nginx and k6 write whole seconds). */
  t?: number;
  /** host:port the failed connection went to, when the line names it. */
  peer?: string;
  /** faults and watchdog: the part or fault target concerned. */
  target?: string;
  /** faults: the fault's kind (latency, kill, …). */
  faultKind?: string;
  line: string;
}

/**
 * harness: one of the harness's own parts failed (its nginx, Toxiproxy, Redis,
 * a fault it could not apply). machine: the kernel or the machine's limits
 * (connection tracking, ephemeral ports, file descriptors). fault: the
 * expected effect of a fault the run injected. app: the app under test.
 * unknown: the evidence does not decide; `why` says what is missing.
 */
export type Blame = "harness" | "machine" | "fault" | "app" | "unknown";

/** The decided cause; stable names, for tests and for the advice on how to avoid it. */
export type PlumbingCause =
  | "conntrack-full"
  | "kernel-dropped"
  | "ports-exhausted"
  | "fd-limit"
  | "worker-connections"
  | "harness-part"
  | "fault-effect"
  | "replica-exited"
  | "replica-failed"
  | "listen-overflow"
  | "no-evidence"
  | "unexplained";

export interface PlumbingFinding {
  source: PlumbingSource;
  kind: PlumbingKind;
  /** Who connected to what: "nginx → app-2 (127.0.0.1:31097)". */
  link: string;
  blame: Blame;
  cause: PlumbingCause;
  why: string;
  count: number;
  /** Epoch ms of the first and last line. */
  first?: number;
  last?: number;
  /** One line as recorded. */
  example: string;
}

/** Machine-wide counters over the load, from /proc (harness/plumbing/PressureSampler.ts). */
export interface PressureSummary {
  samples: number;
  /** Differences between the first and the last sample. */
  activeOpens: number;
  attemptFails: number;
  listenDrops?: number;
  conntrack?: { peak: number; max: number; drops: number; insertFailed: number };
  timeWaitPeak?: number;
  /** The fewest ephemeral ports left toward one loopback address, of the range's size. */
  ephemeral?: { minLeft: number; rangeSize: number; toward?: string };
}

export interface PlumbingSection {
  /** Absent where /proc could not be read (not Linux). */
  pressure?: PressureSummary;
  /** New TCP connections per request, machine-wide: ActiveOpens over the load / requests in the history. */
  churn?: { newConnectionsPerRequest: number; activeOpens: number; requests: number };
  /** What the check before the load warned about. */
  preflight: string[];
  findings: PlumbingFinding[];
  /** Set when the harness's own network or parts failed: the run is an ERROR and the app gets no verdict. */
  failure?: { headline: string; avoid: string };
  /** Set when connections failed and the evidence cannot tell whether the app or the harness failed. */
  unknown?: string;
  /** The logs read, relative to the run folder. */
  logs: string[];
}
