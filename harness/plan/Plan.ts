import { type LbPolicy } from "../config/RunConfig";
import { type ImageSpec, type Readiness } from "../profile/AppProfile";

/**
 * The parts of one run and how they connect, decided before anything starts
 * and independent of how they will run (processes, containers). A backend
 * reads it and only starts and stops what it lists; faults act on parts by name.
 *
 * Templates (commands, args, env, rendered files) still hold placeholders:
 * the backend fills them, since only it knows the addresses (see
 * harness/profile/placeholders.ts).
 */

/** How a replica starts, with every store and knob contribution already merged in. */
export interface ReplicaLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  files: { path: string; template: string }[];
  stdinLifeline: boolean;
  stopSignal: NodeJS.Signals;
  /** The Docker backend's image for it, when the profile names one. */
  image?: ImageSpec;
}

export interface ReplicaPart {
  role: "replica";
  name: string;
  launch: ReplicaLaunch;
  ready: Readiness;
  /** Its Toxiproxy proxy to the store service, when the store has one. */
  link?: string;
}

/** The shared session store, started by the harness (Redis, without persistence: a restart loses every session). */
export interface StorePart {
  role: "store";
  name: string;
  service: "redis";
}

/** Toxiproxy, with one proxy per replica between it and the store. */
export interface FaultProxyPart {
  role: "fault-proxy";
  name: string;
  links: Link[];
}

export interface Link {
  /** The proxy's name in Toxiproxy, e.g. redis-app-2. */
  proxy: string;
  replica: string;
  /** The part the proxy forwards to. */
  to: string;
}

export interface FastcgiUpstream {
  documentRoot: string;
  index: string;
  /**
   * Connections nginx keeps open to each replica and never exceeds: the
   * replica's FastCGI workers. Absent: a new connection per request, because
   * the profile does not say how many workers a replica has, or the load may
   * have more requests in flight than the replicas have workers (see
   * fastcgiKeepalive.ts).
   */
  keptPerReplica?: number;
  /** Why connections are not kept, in the user's words, when they are not. */
  notKept?: string;
}

/** nginx in front of the replicas. */
export interface BalancerPart {
  role: "balancer";
  name: string;
  lb: LbPolicy;
  /** A second entry over TLS, with a certificate made for the run (--tls). */
  tls: boolean;
  /** false: nginx passes answers on unbuffered (see ClusterSpec.proxyBuffering). */
  buffering: boolean;
  /** Hashed by cookie-hash. */
  cookieName: string;
  protocol: "http" | "fastcgi";
  /** FastCGI: where the scripts are, as the replica sees its files (a template), and the connections kept. */
  fastcgi?: FastcgiUpstream;
  upstreams: string[];
  /** Paths the entry answers 404 for: the replicas' own metrics, which the harness scrapes on each replica directly. */
  hiddenPaths: string[];
  /**
   * A page asked once through the entry when it is up (the protected page,
   * anonymously): a FastCGI app's wrong document root shows there as php-fpm's
   * "Primary script unknown" (harness/cluster/fastcgiProbe.ts).
   */
  probePath?: string;
}

export type Part = ReplicaPart | StorePart | FaultProxyPart | BalancerPart;

export interface Plan {
  /** The app's name (its profile's), for naming images and containers. */
  app: string;
  /** In start order: store and proxy, then replicas, then the balancer. */
  parts: Part[];
  /** The profile's folder: `{profileDir}`, and the base of rendered files' templates. */
  profileDir: string;
  cookieName: string;
  /** Run once before any replica starts (the profile's `prepare`). */
  prepare?: (() => Promise<void>) | { command: string; args: string[] };
  /** A cluster someone else started (`--url`): nothing is started, these are its addresses. */
  external?: { entryUrl: string; toxiproxyUrl?: string };
}

export const STORE_PART = "redis";
export const FAULT_PROXY_PART = "toxiproxy";
export const BALANCER_PART = "nginx";

export function replicaParts(plan: Plan): ReplicaPart[] {
  return plan.parts.filter((p): p is ReplicaPart => p.role === "replica");
}

export function storePart(plan: Plan): StorePart | undefined {
  return plan.parts.find((p): p is StorePart => p.role === "store");
}

export function faultProxyPart(plan: Plan): FaultProxyPart | undefined {
  return plan.parts.find((p): p is FaultProxyPart => p.role === "fault-proxy");
}

export function balancerPart(plan: Plan): BalancerPart {
  const b = plan.parts.find((p): p is BalancerPart => p.role === "balancer");
  if (!b) throw new Error("plan without a balancer");
  return b;
}
