/**
 * The fixed layout of a Docker run, one owner for what the Docker backend and
 * the committed docker-compose.yml must agree on.
 */

/**
 * Where things are inside a replica's container: the values the Docker
 * backend gives the profile's placeholders. An app's Dockerfile puts its
 * files where {profileDir} (and, for the sample app, {projectRoot}) say.
 */
export const CONTAINER = {
  port: 8080,
  host: "0.0.0.0",
  /** The host's runs/<run>/replicas/<name>/, mounted: rendered files land here. */
  replicaDir: "/harness/replica",
  /** The run folder is not visible in a container; this is where the replica's own folder is mounted. */
  runDir: "/harness",
  profileDir: "/app",
  projectRoot: "/opt/session-harness",
  node: "/usr/local/bin/node",
} as const;

/** Toxiproxy listens for the plan's link i (1-based) on PROXY_PORT_BASE + i: with one store node, replica i's link. */
export const PROXY_PORT_BASE = 21000;

/** Host numbers of the parts in the run's /24: fixed, so a restarted part keeps its address. */
export const HOST = { toxiproxy: 3, nginx: 4, firstReplica: 10 } as const;
/** Store node i of the topology: the first where Redis always was, the rest between nginx and the replicas. */
const STORE_HOSTS = [2, 5, 6, 7, 8, 9] as const;
/** The ports the infrastructure parts listen on inside their containers; every store node has a container (and an address) of its own. */
export const PORT = { store: 6379, toxiproxy: 8474, nginx: 80 } as const;
/** Where a store node may write in its container. */
export const STORE_DIR = "/tmp";

export function storeNodeHost(index: number): number {
  const n = STORE_HOSTS[index];
  if (n === undefined) throw new Error(`the Docker layout has room for ${STORE_HOSTS.length} store nodes, and the topology has more`);
  return n;
}

/** The port Toxiproxy listens on for one of the plan's links. */
export function proxyPort(links: readonly { proxy: string }[], proxy: string): number {
  const i = links.findIndex((l) => l.proxy === proxy);
  if (i < 0) throw new Error(`no link ${proxy} in the plan`);
  return PROXY_PORT_BASE + i + 1;
}
