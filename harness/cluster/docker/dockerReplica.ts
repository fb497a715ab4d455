import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { FAULT_PROXY_PART, type ReplicaPart } from "../../plan/Plan";
import { fillAll, fillEnv, fillTemplate, type PlaceholderValues } from "../../profile/placeholders";

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

export interface ReplicaContainerOptions {
  runDir: string;
  cookieName: string;
  image: string | undefined;
  profileDir: string;
}

export function containerPlaceholders(part: ReplicaPart, index: number, cookieName: string): PlaceholderValues {
  const proxyPort = String(PROXY_PORT_BASE + index + 1);
  return {
    ...Object.fromEntries(Object.entries(CONTAINER).map(([k, v]) => [k, String(v)])),
    replica: part.name,
    cookieName,
    ...(part.link ? { "store.host": FAULT_PROXY_PART, "store.port": proxyPort, "store.url": `redis://${FAULT_PROXY_PART}:${proxyPort}` } : {}),
  };
}

/**
 * A replica's container: the profile's command, args and env with the
 * container's values, and its rendered files written on the host into the
 * folder that is mounted as {replicaDir}. A file rendered anywhere else would
 * not reach the container, so it is refused.
 */
export async function replicaContainer(part: ReplicaPart, index: number, o: ReplicaContainerOptions) {
  if (!o.image) throw new Error(`the app's profile names no image for its replicas (replica.image): the Docker backend needs one`);
  const values = containerPlaceholders(part, index, o.cookieName);
  const hostDir = join(o.runDir, "replicas", part.name);
  await mkdir(hostDir, { recursive: true, mode: 0o777 });
  for (const f of part.launch.files) {
    const inContainer = fillTemplate(f.path, values);
    const rel = relative(CONTAINER.replicaDir, inContainer);
    if (rel.startsWith("..")) throw new Error(`replica.process.files: ${f.path} is ${inContainer} in a container, outside {replicaDir}: on the Docker backend rendered files must live under {replicaDir}`);
    const target = join(hostDir, rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, fillTemplate(await readFile(join(o.profileDir, f.template), "utf8"), values));
  }
  const env = fillEnv(part.launch.env, values);
  return {
    image: o.image,
    Cmd: [fillTemplate(part.launch.command, values), ...fillAll(part.launch.args, values)],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Binds: [`${hostDir}:${CONTAINER.replicaDir}`],
    StopSignal: part.launch.stopSignal,
    // A replica that exits when its stdin closes (its lifeline to a harness
    // process) gets a stdin that stays open: on Docker the run's label, not a
    // pipe, is what lets a sweep find it.
    OpenStdin: part.launch.stdinLifeline,
  };
}
