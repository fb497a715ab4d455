import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile, access, constants } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { cacheDir } from "../tools/cacheDir";
import { toolDir } from "../tools/findTool";
import { type GoTool } from "../tools/pinnedTools";

const run = promisify(execFile);

/** Machine-wide cache shared by every clone, so a fresh CI clone copies instead of recompiling. */
export function machineCacheDir(tool: GoTool): string {
  return join(cacheDir(), `${tool.name}-${tool.version}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export type BuildOutcome = "present" | "copied from cache" | "built";

/**
 * Builds `tool` into `.tools/<name>-<version>/`. `go install pkg@version` would be
 * shorter, but it asks the module proxy for the module's version list to look up
 * deprecations, and that list is not served for every module (k6's /v2 is one);
 * requiring the exact version from a throwaway module needs only that version.
 */
export async function buildGoTool(tool: GoTool, log: (line: string) => void): Promise<BuildOutcome> {
  const dest = join(toolDir(tool), tool.bin);
  if (await exists(dest)) return "present";
  const cached = join(machineCacheDir(tool), tool.bin);
  await mkdir(toolDir(tool), { recursive: true });
  if (await exists(cached)) {
    await copyFile(cached, dest);
    return "copied from cache";
  }
  log(`building ${tool.name} ${tool.version} from source (first time on this machine: a few minutes)`);
  const work = await mkdtemp(join(tmpdir(), `session-harness-${tool.name}-`));
  try {
    await writeFile(join(work, "go.mod"), `module build${tool.name}\n\ngo 1.22\n`);
    const env = { ...process.env, GOFLAGS: "-mod=mod" };
    await run("go", ["get", `${tool.module}@${tool.version}`], { cwd: work, env, maxBuffer: 64 << 20 });
    await mkdir(machineCacheDir(tool), { recursive: true });
    const ldflags = tool.ldflags ? ["-ldflags", tool.ldflags] : [];
    await run("go", ["build", "-trimpath", ...ldflags, "-o", cached, tool.pkg], { cwd: work, env, maxBuffer: 64 << 20 });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await copyFile(cached, dest);
  return "built";
}
