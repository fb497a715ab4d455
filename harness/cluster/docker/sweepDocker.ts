import { isSameProcessAlive } from "../../process/procStartTime";
import { type SweepResult } from "../../process/sweepStaleRuns";
import { dockerClient, dockerProblem } from "./dockerClient";
import { HARNESS_LABEL, RUN_LABEL } from "./DockerCluster";

/** The harness a container or network names in its label is still running. */
function harnessAlive(label: string | undefined): boolean {
  const [pid, start] = (label ?? "").split(":");
  return pid !== undefined && pid !== "" && isSameProcessAlive(Number(pid), start === "" ? undefined : start);
}

/**
 * Removes every container and network of a Docker run whose harness is gone
 * (Testcontainers' reaper, by label): each carries its run's id and its
 * harness's pid and start time, so nothing of a live run, and nothing the
 * harness did not make, is touched. Images are a cache shared by runs, not
 * made by one, and stay. No engine: nothing to sweep.
 */
export async function sweepDocker(signal: AbortSignal = AbortSignal.timeout(SWEEP_TIMEOUT_MS)): Promise<SweepResult[]> {
  if (await dockerProblem(signal)) return [];
  const docker = dockerClient();
  const byRun = new Map<string, string[]>();
  const note = (run: string, what: string): void => void byRun.set(run, [...(byRun.get(run) ?? []), what]);
  // Every call is bounded: an engine that stops answering (measured: dockerd
  // hung on containers whose runc task had died) must not hang a run on processes.
  const containers = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] }, abortSignal: signal });
  for (const c of containers) {
    const run = c.Labels[RUN_LABEL] ?? "?";
    if (harnessAlive(c.Labels[HARNESS_LABEL])) continue;
    await docker.getContainer(c.Id).remove({ force: true, v: true, abortSignal: signal }).catch(() => undefined);
    signal.throwIfAborted();
    note(run, `container ${c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)}`);
  }
  const networks = await docker.listNetworks({ filters: { label: [RUN_LABEL] }, abortSignal: signal });
  for (const n of networks) {
    const run = n.Labels?.[RUN_LABEL] ?? "?";
    if (harnessAlive(n.Labels?.[HARNESS_LABEL])) continue;
    await docker.getNetwork(n.Id).remove({ abortSignal: signal }).catch(() => undefined);
    signal.throwIfAborted();
    note(run, `network ${n.Name}`);
  }
  return [...byRun.entries()].map(([runId, killed]) => ({ runId, killed }));
}

/** How long the sweep before a run may wait for the Docker engine. */
export const SWEEP_TIMEOUT_MS = 10_000;

/** Removes every container and the network of the runs `runIds` at once (the last resort of a harness that must exit now). */
export async function removeDockerRuns(runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0 || (await dockerProblem())) return;
  const docker = dockerClient();
  const label = runIds.map((id) => `${RUN_LABEL}=${id}`);
  for (const l of label) {
    const containers = await docker.listContainers({ all: true, filters: { label: [l] } });
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    const networks = await docker.listNetworks({ filters: { label: [l] } });
    await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  }
}
