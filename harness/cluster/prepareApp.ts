import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Plan } from "../plan/Plan";
import { fillAll, fillTemplate } from "../profile/placeholders";
import { projectRoot } from "../tools/projectRoot";

const run = promisify(execFile);
const done = new Map<unknown, Promise<void>>();

/**
 * Runs the profile's `prepare` step (bundling the sample app, say) once per
 * harness process, whichever backend asks: a comparison's second run reuses
 * what the first prepared.
 */
export function prepareApp(plan: Plan): Promise<void> {
  const prepare = plan.prepare;
  if (prepare === undefined) return Promise.resolve();
  const key = typeof prepare === "function" ? prepare : JSON.stringify(prepare);
  let pending = done.get(key);
  if (pending === undefined) {
    pending = typeof prepare === "function" ? prepare() : runCommand(prepare, plan.profileDir);
    done.set(key, pending);
  }
  return pending;
}

async function runCommand(cmd: { command: string; args: string[] }, profileDir: string): Promise<void> {
  const values = { profileDir, projectRoot: projectRoot(), node: process.execPath };
  const command = fillTemplate(cmd.command, values);
  try {
    await run(command, fillAll(cmd.args, values), { cwd: profileDir, maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`the profile's prepare step (${command}) failed: ${(e.stderr || e.message).trim().split("\n").slice(-1)[0] ?? ""}`);
  }
}
