import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { FAULT_PROXY_PART, linksFrom, type Plan, type ReplicaPart } from "../../plan/Plan";
import { fillAll, fillEnv, fillPath, fillTemplate, SITE_HOST, type PlaceholderValues } from "../../profile/placeholders";
import { storeValues } from "../../topology/StoreTopology";
import { CONTAINER, proxyPort } from "./dockerLayout";
import { dockerAnnounced } from "./dockerStoreNode";

export interface ReplicaContainerOptions {
  runDir: string;
  image: string | undefined;
  /** Store nodes left out of the server list now (StoreListing). */
  unlisted: ReadonlySet<string>;
  /** Toxiproxy's container's address on the run's network: where the nodes announce their peers proxies. */
  proxyIp: string;
}

/** The topology's own list: every node but its spares, as a run starts (and the compose export has it). */
const spares = (plan: Plan): ReadonlySet<string> => new Set(plan.topology.nodes.filter((n) => n.spare === true).map((n) => n.name));

/** The placeholders every container has alike: where its folders are, and its port. */
const CONTAINER_VALUES: PlaceholderValues = Object.fromEntries(Object.entries(CONTAINER).map(([k, v]) => [k, String(v)]));

/** A path template (a FastCGI document root) as a container sees it, normalized; relative ones count from {profileDir}. */
export function containerPath(template: string): string {
  return fillPath(template, CONTAINER_VALUES, CONTAINER.profileDir);
}

/**
 * A replica reaches each store endpoint through its own proxy, on Toxiproxy's
 * container at a port fixed by the plan. The NAT map leads from each node's
 * announced address (its peers proxy, at `proxyIp`, Toxiproxy's address on
 * the network) to the replica's proxy to it.
 */
export function containerPlaceholders(plan: Plan, part: ReplicaPart, proxyIp: string, unlisted = spares(plan)): PlaceholderValues {
  const proxies = linksFrom(plan, part.name).flatMap((l) => (l.endpoint ? [{ endpoint: l.endpoint, host: FAULT_PROXY_PART, port: proxyPort(plan.links, l.proxy) }] : []));
  return { ...CONTAINER_VALUES, replica: part.name, cookieName: plan.cookieName, site: SITE_HOST, ...storeValues(plan.topology, proxies, unlisted, dockerAnnounced(plan, proxyIp)) };
}

/**
 * A replica's container: the profile's command, args and env with the
 * container's values, and its rendered files written on the host into the
 * folder that is mounted as {replicaDir}. A file rendered anywhere else would
 * not reach the container, so it is refused.
 */
export async function replicaContainer(plan: Plan, part: ReplicaPart, o: ReplicaContainerOptions) {
  if (!o.image) throw new Error(`the app's profile names no image for its replicas (replica.image): the Docker backend needs one`);
  const values = containerPlaceholders(plan, part, o.proxyIp, o.unlisted);
  const hostDir = join(o.runDir, "replicas", part.name);
  await mkdir(hostDir, { recursive: true, mode: 0o777 });
  for (const f of part.launch.files) {
    const inContainer = fillPath(f.path, values, CONTAINER.profileDir);
    const rel = relative(CONTAINER.replicaDir, inContainer);
    if (rel.startsWith("..")) throw new Error(`replica.process.files: ${f.path} is ${inContainer} in a container, outside {replicaDir}: on the Docker backend rendered files must live under {replicaDir}`);
    const target = join(hostDir, rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, fillTemplate(await readFile(join(plan.profileDir, f.template), "utf8"), values));
  }
  return { image: o.image, ...replicaCommand(plan, part, o.proxyIp, o.unlisted), Binds: [`${hostDir}:${CONTAINER.replicaDir}`] };
}

/** What a replica's container runs, with the container's placeholder values. Pure. */
export function replicaCommand(plan: Plan, part: ReplicaPart, proxyIp: string, unlisted = spares(plan)) {
  const values = containerPlaceholders(plan, part, proxyIp, unlisted);
  const env = fillEnv(part.launch.env, values);
  return {
    Cmd: [fillTemplate(part.launch.command, values), ...fillAll(part.launch.args, values)],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    StopSignal: part.launch.stopSignal,
    // A replica that exits when its stdin closes (its lifeline to a harness
    // process) gets a stdin that stays open: on Docker the run's label, not a
    // pipe, is what lets a sweep find it.
    OpenStdin: part.launch.stdinLifeline,
  };
}
