import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors/UsageError";
import { projectRoot } from "../tools/projectRoot";

/** Kernel file systems: writing a run there hangs or fails in strange ways. */
const FORBIDDEN = /^\/(proc|sys|dev)(\/|$)/;

/**
 * Where runs are written: $SESSION_HARNESS_REPORTS (relative to the current
 * folder) or reports/ in the checkout. Checked before anything starts, so a
 * bad value is one line and exit 2, not a stack trace or a part that cannot
 * write its log: it must be a folder (created if missing) this user can write.
 */
export function reportsDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const given = env.SESSION_HARNESS_REPORTS;
  const dir = given === undefined || given === "" ? join(projectRoot(), "reports") : resolve(cwd, given);
  const what = given === undefined || given === "" ? dir : `SESSION_HARNESS_REPORTS=${given}`;
  if (FORBIDDEN.test(dir)) throw new UsageError(`${what} is under /proc, /sys or /dev: use an ordinary folder`);
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`${what} is a file, not a folder: point it at a folder`);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(`${what} cannot be used for reports (${code}): use a folder this user can write`);
  }
  return dir;
}
