import { type Backend } from "./Cluster";
import { DOCKER_BACKEND } from "./docker/DockerCluster";
import { EXTERNAL_BACKEND as EXTERNAL } from "./external/ExternalCluster";
import { PROCESS_BACKEND } from "./process/ProcessCluster";

/** Every way `--backend` can run a plan, by name. */
export const BACKENDS: Readonly<Record<string, Backend>> = {
  [PROCESS_BACKEND.name]: PROCESS_BACKEND,
  [DOCKER_BACKEND.name]: DOCKER_BACKEND,
  [EXTERNAL.name]: EXTERNAL,
};

/** The backend of `--url`: a cluster started by someone else. */
export const EXTERNAL_BACKEND = EXTERNAL.name;

export const BACKEND_NAMES = Object.keys(BACKENDS);

export function backendNamed(name: string): Backend {
  const backend = Object.hasOwn(BACKENDS, name) ? BACKENDS[name] : undefined;
  if (!backend) throw new Error(`no backend named ${JSON.stringify(name)} (have ${BACKEND_NAMES.join(", ")})`);
  return backend;
}
