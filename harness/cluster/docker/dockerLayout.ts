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

/** Toxiproxy listens for replica i (1-based) on PROXY_PORT_BASE + i. */
export const PROXY_PORT_BASE = 21000;

/** Host numbers of the parts in the run's /24: fixed, so a restarted part keeps its address. */
export const HOST = { redis: 2, toxiproxy: 3, nginx: 4, firstReplica: 10 } as const;
/** The ports the infrastructure parts listen on inside their containers. */
export const PORT = { redis: 6379, toxiproxy: 8474, nginx: 80 } as const;
