/**
 * `npm run setup`: idempotent. Installs from Debian what is missing (nginx,
 * redis-server, the PHP example's php-fpm and phpredis, the Docker engine,
 * docker-compose and debootstrap), builds the pinned k6 and Toxiproxy from
 * source into `.tools/`, installs the Express example's npm packages, starts
 * dockerd when no engine answers, builds the Docker images (cached by
 * content), and prints what the harness will run.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { findTool, onPath } from "../tools/findTool";
import { type GoTool, PINNED_TOOLS } from "../tools/pinnedTools";
import { projectRoot } from "../tools/projectRoot";
import { buildGoTool } from "./buildGoTool";
import { buildDockerImages } from "./buildDockerImages";
import { ensureDockerEngine } from "./dockerEngine";
import { APT_PACKAGES, installAptPackages } from "./installAptPackages";

const run = promisify(execFile);
const log = (line: string): void => console.log(`setup: ${line}`);

async function versionOf(bin: string, args: string[]): Promise<string> {
  // nginx prints its version on stderr; the others on stdout.
  const { stdout, stderr } = await run(bin, args);
  return (stdout || stderr).trim().split("\n")[0] ?? "";
}

/** Example apps with their own npm packages (examples/<name>/package.json). */
async function installExampleNodeModules(): Promise<void> {
  for (const name of ["express"]) {
    const dir = join(projectRoot(), "examples", name);
    if (!existsSync(join(dir, "package-lock.json"))) continue;
    await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, maxBuffer: 64 << 20 });
    log(`examples/${name}: npm packages installed`);
  }
}

async function main(): Promise<void> {
  await installAptPackages(APT_PACKAGES, log);
  const goTools = PINNED_TOOLS.filter((t): t is GoTool => t.kind === "go");
  if (!onPath("go")) throw new Error("go not found on PATH: k6 and Toxiproxy are built from source; install Go >= 1.22");
  // One at a time: two Go builds on 2 cores take as long as two in a row, and use twice the memory.
  for (const tool of goTools) log(`${tool.name} ${tool.version}: ${await buildGoTool(tool, log)}`);
  await installExampleNodeModules();
  const engine = await ensureDockerEngine(log);
  log(`docker: ${engine.said}`);
  if (engine.ok) await buildDockerImages(log);
  for (const tool of PINNED_TOOLS) {
    const path = findTool(tool);
    log(`${tool.name.padEnd(12)} ${await versionOf(path, tool.versionArgs)}  (${path})`);
  }
  log("ready: `npm run scenario` runs the default comparison, `npm test` the tests");
}

main().catch((err: unknown) => {
  console.error(`setup failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exitCode = 1;
});
