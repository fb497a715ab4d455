import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type ReplicaPart } from "../../plan/Plan";
import { fillAll, fillEnv, fillPath, fillTemplate, SITE_HOST, type PlaceholderValues } from "../../profile/placeholders";
import { type ProcessSpec } from "../../process/ManagedProcess";
import { onPath } from "../../tools/findTool";
import { projectRoot } from "../../tools/projectRoot";
import { waitForHttp, waitForTcp, type WaitStrategy } from "../../wait/waitStrategies";

export interface ReplicaAddresses {
  port: number;
  runDir: string;
  profileDir: string;
  cookieName: string;
  /** The store placeholders its topology's endpoints give it, at its own proxies' addresses (none without a store). */
  store: PlaceholderValues;
}

export function replicaDir(runDir: string, name: string): string {
  return join(runDir, "replicas", name);
}

/** Every placeholder's value for one replica started as a process on 127.0.0.1. */
export function processPlaceholders(part: ReplicaPart, a: ReplicaAddresses): PlaceholderValues {
  return {
    port: String(a.port),
    host: "127.0.0.1",
    replica: part.name,
    runDir: a.runDir,
    replicaDir: replicaDir(a.runDir, part.name),
    profileDir: a.profileDir,
    projectRoot: projectRoot(),
    node: process.execPath,
    cookieName: a.cookieName,
    site: SITE_HOST,
    ...a.store,
  };
}

/**
 * The replica's folder and rendered files, then what to spawn. A bare command
 * name is looked up on PATH (and the sbin folders, where Debian puts php-fpm).
 */
export async function replicaProcessSpec(part: ReplicaPart, values: PlaceholderValues, profileDir: string): Promise<Omit<ProcessSpec, "logFile">> {
  const dir = values.replicaDir ?? "";
  await mkdir(dir, { recursive: true });
  for (const f of part.launch.files) {
    const path = fillPath(f.path, values, profileDir);
    const text = await readFile(join(profileDir, f.template), "utf8");
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, fillTemplate(text, values));
  }
  const command = fillTemplate(part.launch.command, values);
  return {
    name: part.name,
    command: command.includes("/") ? command : (onPath(command) ?? command),
    args: fillAll(part.launch.args, values),
    env: { PATH: process.env.PATH, ...fillEnv(part.launch.env, values) },
    ...(part.launch.cwd === undefined ? {} : { cwd: fillPath(part.launch.cwd, values, profileDir) }),
    stdinLifeline: part.launch.stdinLifeline,
    stopSignal: part.launch.stopSignal,
  };
}

export function replicaReadiness(part: ReplicaPart, port: number): WaitStrategy {
  const ready = part.ready;
  if ("tcp" in ready) return waitForTcp(port);
  const ok = new Set(ready.http.status);
  return waitForHttp(`http://127.0.0.1:${port}${ready.http.path}`, (s) => ok.has(s));
}
