import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { projectRoot } from "./projectRoot";
import { type PinnedTool } from "./pinnedTools";

/** A tool the harness needs is not installed; the message says how to get it. */
export class MissingToolError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} not found (looked in .tools/ and on PATH): run \`npm run setup\``);
    this.name = "MissingToolError";
  }
}

/** Version-keyed home of a Go tool inside the project, e.g. `.tools/k6-v2.2.0/`. */
export function toolDir(tool: PinnedTool, root = projectRoot()): string {
  return join(root, ".tools", `${tool.name}-${tool.kind === "go" ? tool.version : "system"}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `bin` is on PATH (plus the sbin folders Debian puts daemons in), or undefined. */
export function onPath(bin: string, path = process.env.PATH ?? ""): string | undefined {
  const dirs = [...path.split(delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const dir of dirs) {
    if (dir && isExecutable(join(dir, bin))) return join(dir, bin);
  }
  return undefined;
}

/**
 * The pinned build in `.tools/` wins over PATH, so a k6 the user happens to have
 * installed cannot silently change what the scenarios run on.
 */
export function findTool(tool: PinnedTool, root = projectRoot()): string {
  const local = join(toolDir(tool, root), tool.bin);
  if (tool.kind === "go" && isExecutable(local)) return local;
  const found = onPath(tool.bin);
  if (found) return found;
  throw new MissingToolError(tool.bin);
}
