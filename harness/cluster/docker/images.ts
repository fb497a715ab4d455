import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { copyFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { findTool } from "../../tools/findTool";
import { TOXIPROXY } from "../../tools/pinnedTools";
import { dockerClient, followProgress } from "./dockerClient";

/**
 * The images the Docker backend runs, all built here from Debian's packages
 * (no image registry is reachable from this project's machines) and named by
 * a hash of what went into them, so a changed input builds a new image and an
 * unchanged one is reused, across runs and clones:
 *
 * - base: a minimal Debian made with debootstrap, of the host's own release,
 *   with the servers the parts run (redis-server, nginx, php-fpm, php-redis,
 *   memcached, php-memcached);
 * - runtime: base + the host's Node.js and the pinned Toxiproxy build (the
 *   same glibc as the host, so the binaries run unchanged);
 * - an app's image: its profile's Dockerfile, built FROM runtime.
 *
 * Every image carries `session-harness.image` and `session-harness.key`.
 */
export const IMAGE_REPO = "session-harness";
export const BASE_PACKAGES = ["redis-server", "nginx", "php-fpm", "php-redis", "memcached", "php-memcached"] as const;
const LABEL_ROLE = "session-harness.image";
const LABEL_KEY = "session-harness.key";

const sha = (...parts: (string | Buffer)[]): string => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex").slice(0, 16);
};

function fileSha(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The host's Debian release (bookworm): the base is built from the same one. */
export function hostCodename(): string {
  const os = readFileSync("/etc/os-release", "utf8");
  const codename = /^VERSION_CODENAME=(\w+)/m.exec(os)?.[1];
  if (!codename) throw new Error("cannot tell this machine's Debian release (/etc/os-release has no VERSION_CODENAME): the Docker base is built from it");
  return codename;
}

async function exists(tag: string): Promise<boolean> {
  try {
    await dockerClient().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.trim().split("\n").slice(-1)[0] ?? ""}`))));
    log(`${command} ${args.slice(0, 3).join(" ")} …`);
  });
}

export interface BuiltImage {
  tag: string;
  /** Built now, or found from an earlier build. */
  built: boolean;
}

/**
 * Where a registry can be reached, the base may start from a pulled image
 * instead (SESSION_HARNESS_BASE_FROM=debian:bookworm-slim): the same packages
 * installed with apt-get. It must be the host's Debian release, since the
 * runtime image adds the host's Node.js binary.
 */
async function baseFromImage(from: string, log: (line: string) => void): Promise<BuiltImage> {
  const key = sha("base-from", from, ...BASE_PACKAGES);
  const tag = `${IMAGE_REPO}/base:${key}`;
  if (await exists(tag)) return { tag, built: false };
  log(`building the Docker base image ${tag} FROM ${from} (apt-get install ${BASE_PACKAGES.join(" ")})`);
  const dir = await mkdtemp(join(tmpdir(), "session-harness-base-"));
  try {
    await writeFile(
      join(dir, "Dockerfile"),
      [
        "ARG FROM",
        "FROM ${FROM}",
        `RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${BASE_PACKAGES.join(" ")} && rm -rf /var/lib/apt/lists/*`,
        "",
      ].join("\n"),
    );
    return await buildOnce(tag, dir, "Dockerfile", { FROM: from }, { [LABEL_ROLE]: "base", [LABEL_KEY]: key });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Debian base, made with debootstrap and loaded with `docker import` (about a minute the first time). */
export async function ensureBaseImage(log: (line: string) => void): Promise<BuiltImage> {
  const from = process.env.SESSION_HARNESS_BASE_FROM;
  if (from !== undefined && from !== "") return baseFromImage(from, log);
  const codename = hostCodename();
  const key = sha("base", codename, "minbase", ...BASE_PACKAGES);
  const tag = `${IMAGE_REPO}/base:${key}`;
  if (await exists(tag)) return { tag, built: false };
  log(`building the Docker base image ${tag} (Debian ${codename} with ${BASE_PACKAGES.join(", ")}): about a minute, once per machine`);
  const root = await mkdtemp(join(tmpdir(), "session-harness-rootfs-"));
  try {
    await run("debootstrap", ["--variant=minbase", `--include=${BASE_PACKAGES.join(",")}`, codename, root, "http://deb.debian.org/debian"], log);
    // Package caches make the image larger and say nothing about what it runs.
    await rm(join(root, "var", "cache", "apt", "archives"), { recursive: true, force: true });
    const tar = spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const stream = await dockerClient().importImage(tar.stdout, { repo: `${IMAGE_REPO}/base`, tag: key, changes: [`LABEL ${LABEL_ROLE}=base`, `LABEL ${LABEL_KEY}=${key}`] } as object);
    await followProgress(stream);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { tag, built: true };
}

/** Builds `tag` from `context` (every file under it) and a Dockerfile, unless it exists. */
async function buildOnce(tag: string, context: string, dockerfile: string, buildargs: Record<string, string>, labels: Record<string, string>): Promise<BuiltImage> {
  if (await exists(tag)) return { tag, built: false };
  const stream = await dockerClient().buildImage({ context, src: listFiles(context) }, { t: tag, dockerfile, buildargs, labels, rm: true, forcerm: true });
  await followProgress(stream);
  return { tag, built: true };
}

/** base + the host's Node.js + the pinned Toxiproxy. */
export async function ensureRuntimeImage(base: string, log: (line: string) => void): Promise<BuiltImage> {
  const toxiproxy = findTool(TOXIPROXY);
  const key = sha("runtime", base, fileSha(process.execPath), fileSha(toxiproxy));
  const tag = `${IMAGE_REPO}/runtime:${key}`;
  if (await exists(tag)) return { tag, built: false };
  log(`building ${tag} (Node.js ${process.version} and Toxiproxy on the base)`);
  const dir = await mkdtemp(join(tmpdir(), "session-harness-runtime-"));
  try {
    await copyFile(process.execPath, join(dir, "node"));
    await copyFile(toxiproxy, join(dir, "toxiproxy-server"));
    await writeFile(
      join(dir, "Dockerfile"),
      ["ARG BASE", "FROM ${BASE}", "COPY node /usr/local/bin/node", "COPY toxiproxy-server /usr/local/bin/toxiproxy-server", ""].join("\n"),
    );
    return await buildOnce(tag, dir, "Dockerfile", { BASE: base }, { [LABEL_ROLE]: "runtime", [LABEL_KEY]: key });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir` (relative), in a stable order: what a build context sends. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/**
 * An app's image: its Dockerfile built FROM the runtime (`ARG RUNTIME`) over
 * `context`, named by the hash of the runtime, the Dockerfile and every file
 * of the context, so editing the app builds a new image and nothing else does.
 * The Dockerfile may live outside the context (the sample app's bundle is
 * built elsewhere): both go into a temporary context.
 */
export async function ensureAppImage(app: string, dockerfile: string, context: string, runtime: string, log: (line: string) => void): Promise<BuiltImage> {
  const files = listFiles(context);
  const h = createHash("sha256").update(runtime).update("\0").update(readFileSync(dockerfile));
  for (const f of files) {
    h.update("\0").update(f).update("\0");
    await new Promise<void>((resolve, reject) => createReadStream(join(context, f)).on("data", (c) => h.update(c)).on("end", resolve).on("error", reject));
    h.update(String(statSync(join(context, f)).mode & 0o111));
  }
  const key = h.digest("hex").slice(0, 16);
  const tag = `${IMAGE_REPO}/app-${app}:${key}`;
  if (await exists(tag)) return { tag, built: false };
  log(`building ${tag} from ${dockerfile}`);
  const dir = await mkdtemp(join(tmpdir(), "session-harness-app-"));
  try {
    await cp(context, dir, { recursive: true });
    await copyFile(dockerfile, join(dir, APP_DOCKERFILE));
    return await buildOnce(tag, dir, APP_DOCKERFILE, { RUNTIME: runtime }, { [LABEL_ROLE]: `app-${app}`, [LABEL_KEY]: key });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The app's Dockerfile's name inside the temporary build context (out of the app's way). */
const APP_DOCKERFILE = ".session-harness.Dockerfile";
