import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { constants } from "node:os";
import { isAbsolute, relative } from "node:path";

/**
 * What a start error says about a part that did not come up: how it ended and
 * what its log said last, in one line (a start error is one line: it is what
 * the console, report.md and result.json's `error` show).
 */

/** How a part ended, as `exited` promises resolve: ManagedProcess's { code, signal }, a bare exit code, or nothing known. */
export function describeExit(exit: unknown): string | undefined {
  if (typeof exit === "number") return `code ${exit}`;
  if (typeof exit !== "object" || exit === null) return undefined;
  const { code, signal } = exit as { code?: unknown; signal?: unknown };
  if (typeof signal === "string") return `signal ${signal}`;
  if (typeof code === "number") return `code ${code}`;
  return undefined;
}

/** A container's exit status as a process's: 128+n is "killed by signal n" (docker-init and shells report it so). */
export function exitFromStatus(status: number | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (status !== null && status > 128) {
    const name = Object.entries(constants.signals).find(([, n]) => n === status - 128)?.[0];
    if (name !== undefined) return { code: status, signal: name as NodeJS.Signals };
  }
  return { code: status, signal: null };
}

/** A log's path as the user would type it: relative to the working folder when under it (reports/<run>/logs/app-1.log). */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/** Lines that say nothing on their own: stack frames, a caret or brace alone, Node's version trailer. */
const NOISE = [/^at\s/, /^[\s^~{}()[\],;:|-]*$/, /^Node\.js v\d/, /^goroutine \d+ \[/, /^File ".*", line \d+/];
/**
 * A line that states the failure: Node's and Python's `Error: …`/`OSError: …`,
 * Java's `…Exception`, php-fpm's `[date] ERROR: …`, nginx's `[emerg]`, Go's
 * `panic:`, PHP's `PHP Fatal error:`.
 */
const FAILURE = /^[\w.$]*(?:Error|Exception)\b|^(?:\[[^\]]*\]\s*)*(?:ERROR|FATAL|CRITICAL|ALERT|EMERG)\b|\[(?:emerg|alert|crit|error|fatal)\]|^panic:|^(?:PHP )?Fatal error:|^fatal:/;
// eslint-disable-next-line no-control-regex -- terminal colour codes are exactly what is stripped
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex -- a tab or a carriage return would break the one line
const CONTROL = /[\u0000-\u001f\u007f]/g;

export interface ExcerptOptions {
  /** Lines in the excerpt. */
  lines?: number;
  /** Characters per line, then "…". */
  width?: number;
  /** Meaningful lines at the end of the log in which a failure line is looked for. */
  window?: number;
}

/**
 * The last few meaningful lines of a log, in one line (" | " between them),
 * or undefined when it has none. When a line stating the failure stands among
 * the last ones (`window`), the excerpt starts there: a crash's message comes
 * before its stack trace and the details a runtime prints after it. Pure.
 */
export function logExcerpt(text: string, opts: ExcerptOptions = {}): string | undefined {
  const { lines = 3, width = 160, window = 20 } = opts;
  const meaningful = text
    .replace(ANSI, "")
    .split(/\r?\n/)
    .map((l) => l.replace(CONTROL, " ").trim())
    .filter((l) => !NOISE.some((n) => n.test(l)))
    .slice(-window);
  if (meaningful.length === 0) return undefined;
  const failure = meaningful.findIndex((l) => FAILURE.test(l));
  const start = failure >= 0 ? failure : Math.max(0, meaningful.length - lines);
  return meaningful
    .slice(start, start + lines)
    .map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l))
    .join(" | ");
}

/** A log's size now (0 before it exists): where what a part writes from now on begins. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The end of a log from byte `from` on (what this start of the part wrote), at most `maxBytes`; "" when there is none. */
export async function readLogTail(file: string, from = 0, maxBytes = 16_384): Promise<string> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return "";
  }
  try {
    const end = (await handle.stat()).size;
    const start = Math.max(from, end - maxBytes, 0);
    const buf = Buffer.alloc(Math.max(0, end - start));
    await handle.read(buf, 0, buf.length, start);
    const text = buf.toString("utf8");
    // Cut a partial first line (the window began mid-line), unless it is where this start began.
    return start > from ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    await handle.close();
  }
}

/** `; log: reports/<run>/logs/app-1.log; last lines: "…"`, for the end of a start error. */
export async function logSuffix(log: { file: string; from?: number }): Promise<string> {
  const excerpt = logExcerpt(await readLogTail(log.file, log.from));
  return `; log: ${displayPath(log.file)}${excerpt === undefined ? " (nothing in it)" : `; last lines: ${JSON.stringify(excerpt)}`}`;
}
