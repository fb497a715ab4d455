import { type LbPolicy } from "../config/RunConfig";
import { type ImageSpec, type Readiness } from "../profile/AppProfile";
import { type StoreEndpoint, type StoreNode, type StoreTopology, writeNode } from "../topology/StoreTopology";

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
}

/** One node of the store's topology (a redis-server), started by the harness from the node's own description. */
export interface StorePart {
  role: "store";
  name: string;
  node: StoreNode;
}

/** Toxiproxy, holding every link of the plan. */
export interface FaultProxyPart {
  role: "fault-proxy";
  name: string;
}

/**
 * A Toxiproxy proxy, so a fault can act on what passes through it. `app`: a
 * replica to a store node (one per replica and endpoint); `replication`: a
 * replica node to the node it replicates from; `peer`: a node's own peers
 * proxy, the address it announces (from and to the node itself, made just
 * before it starts); `sentinel`: a sentinel to the primary it monitors.
 */
export interface Link {
  /** The proxy's name in Toxiproxy: `<to>-<from>`, e.g. redis-app-2, redis-primary-redis-replica-1. */
  proxy: string;
  purpose: "app" | "replication" | "peer" | "sentinel";
  /** The part that connects through it. */
  from: string;
  /** The part the proxy forwards to. */
  to: string;
  /** app links: the endpoint it serves, whose placeholders the replica is given. */
  endpoint?: StoreEndpoint;
  /**
   * One proxy every replica dials (StoreTopology.sharedLinks): each replica
   * has an entry, all with the same `proxy`, made once.
   */
  shared?: true;
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
  /** In start order (the flattened `startOrder`): store nodes and the proxy, then replicas, then the balancer. */
  parts: Part[];
  /**
   * Groups of part names, each started side by side once the group before it
   * is ready: a node before the nodes that replicate from it and the replicas
   * that reach it, Toxiproxy before anything whose link goes through it,
   * replicas before the balancer. Backends stop in the reverse order.
   */
  startOrder: string[][];
  /** Every Toxiproxy proxy, created just before the part it starts from. */
  links: Link[];
  /** The store's topology (harness/topology/): `none` when the app keeps sessions itself. */
  topology: StoreTopology;
  /** The profile's folder: `{profileDir}`, and the base of rendered files' templates. */
  profileDir: string;
  cookieName: string;
  /** Run once before any replica starts (the profile's `prepare`). */
  prepare?: (() => Promise<void>) | { command: string; args: string[] };
  /** A cluster someone else started (`--url`): nothing is started, these are its addresses. */
  external?: { entryUrl: string; toxiproxyUrl?: string };
}

export const FAULT_PROXY_PART = "toxiproxy";
export const BALANCER_PART = "nginx";

export function replicaParts(plan: Plan): ReplicaPart[] {
  return plan.parts.filter((p): p is ReplicaPart => p.role === "replica");
}

export function storeParts(plan: Plan): StorePart[] {
  return plan.parts.filter((p): p is StorePart => p.role === "store");
}

/** The node the app writes to (restart-redis restarts it; describe() gives its URL), when the store has one. */
export function storePart(plan: Plan): StorePart | undefined {
  const node = writeNode(plan.topology);
  return storeParts(plan).find((p) => p.name === node?.name);
}

/** The links a part connects through: a replica's, one per endpoint (write, read); a replica node's replication link. */
export function linksFrom(plan: Plan, part: string): Link[] {
  return plan.links.filter((l) => l.from === part);
}

/** A store node's link of one purpose: its replication link, its own peers proxy, a sentinel's link to the primary it monitors. */
export function nodeLink(plan: Plan, part: string, purpose: "replication" | "peer" | "sentinel"): Link | undefined {
  const links = linksFrom(plan, part).filter((l) => l.purpose === purpose);
  if (purpose !== "sentinel") return links[0];
  const node = plan.parts.find((p): p is StorePart => p.role === "store" && p.name === part)?.node;
  return links.find((l) => l.to === node?.monitors);
}

/** The links with one entry per proxy: a shared link's replicas' entries counted once. */
export function uniqueLinks(links: readonly Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.proxy) && seen.add(l.proxy));
}

/** A part dying ends the run unless it is a replica or a store node the topology says the run survives. */
export function survivesLoss(plan: Plan, name: string): boolean {
  const part = plan.parts.find((p) => p.name === name);
  return part?.role === "replica" || (part?.role === "store" && part.node.survivable);
}

/** Groups to stop one after the other: the reverse of the start order (nginx first, so no request reaches a stopping replica). */
export function stopOrder(plan: Plan): string[][] {
  return [...plan.startOrder].reverse();
}

export function faultProxyPart(plan: Plan): FaultProxyPart | undefined {
  return plan.parts.find((p): p is FaultProxyPart => p.role === "fault-proxy");
}

export function balancerPart(plan: Plan): BalancerPart {
  const b = plan.parts.find((p): p is BalancerPart => p.role === "balancer");
  if (!b) throw new Error("plan without a balancer");
  return b;
}
