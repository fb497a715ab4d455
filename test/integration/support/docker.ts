import { dockerClient, dockerProblem } from "../../../harness/cluster/docker/dockerClient";
import { RUN_LABEL } from "../../../harness/cluster/docker/DockerCluster";

/**
 * Why the Docker tests cannot run here, or undefined. `npm run setup` installs
 * an engine and starts it; only where that is impossible (not root, no apt)
 * do these tests skip, and vitest prints the reason.
 */
export const noDocker: string | undefined = await dockerProblem();

/** Containers and networks still carrying the run's label. */
export async function dockerLeftovers(runId: string): Promise<string[]> {
  const docker = dockerClient();
  const label = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters: label });
  const networks = await docker.listNetworks({ filters: label });
  return [...containers.map((c) => `container ${c.Names.join(",")}`), ...networks.map((n) => `network ${n.Name}`)];
}
