import { type Backend } from "./Cluster";
import { DOCKER_BACKEND } from "./docker/DockerCluster";
import { PROCESS_BACKEND } from "./process/ProcessCluster";

/** Every way `--backend` can run a plan, by name. */
export const BACKENDS: Readonly<Record<string, Backend>> = {
  [PROCESS_BACKEND.name]: PROCESS_BACKEND,
  [DOCKER_BACKEND.name]: DOCKER_BACKEND,
};

export const BACKEND_NAMES = Object.keys(BACKENDS);

export function backendNamed(name: string): Backend {
  const backend = Object.hasOwn(BACKENDS, name) ? BACKENDS[name] : undefined;
  if (!backend) throw new Error(`no backend named ${JSON.stringify(name)} (have ${BACKEND_NAMES.join(", ")})`);
  return backend;
}
