import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { dockerProblem } from "../cluster/docker/dockerClient";
import { cacheDir } from "../tools/cacheDir";
import { onPath } from "../tools/findTool";
import { waitUntilReady } from "../wait/waitStrategies";

/**
 * A Docker engine for the Docker backend: when none answers and dockerd is
 * installed (setup installs docker.io), start it in the background, as root,
 * logging to ~/.cache/session-harness/dockerd.log, and wait until it answers.
 * Returns what happened, or why there is no engine (then the Docker tests
 * skip, saying so).
 */
export async function ensureDockerEngine(log: (line: string) => void): Promise<{ ok: boolean; said: string }> {
  if ((await dockerProblem()) === undefined) return { ok: true, said: "a Docker engine answers" };
  const dockerd = onPath("dockerd");
  if (!dockerd) return { ok: false, said: "no dockerd installed (apt-get install docker.io)" };
  if (process.getuid?.() !== 0) return { ok: false, said: "no Docker engine answers and setup is not root, so it cannot start dockerd" };
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, "dockerd.log");
  const out = openSync(logFile, "a");
  const child = spawn(dockerd, [], { detached: true, stdio: ["ignore", out, out] });
  child.unref();
  log(`started dockerd in the background (pid ${child.pid ?? "?"}, log ${logFile})`);
  await waitUntilReady({ description: "the Docker engine", check: async () => (await dockerProblem()) === undefined }, { part: "dockerd", timeoutMs: 60_000, exited: new Promise((r) => child.once("exit", r)) });
  return { ok: true, said: `started dockerd (pid ${child.pid ?? "?"})` };
}
