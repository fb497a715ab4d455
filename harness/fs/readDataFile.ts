import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { type z } from "zod";
import { UsageError } from "../errors/UsageError";

/**
 * A .json file parsed, or a .ts/.mts/.js/.mjs module's default export: how a
 * profile and a config file are read. `what` starts every message ("--app
 * shop.ts"), so each problem is one line naming the file and the fix.
 */
export async function readDataFile(file: string, what: string, exportHint: string): Promise<unknown> {
  if (extname(file) === ".json") {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new UsageError(`${what}: not valid JSON: ${(err as Error).message}`);
    }
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new UsageError(`${what}: cannot load ${file}: ${((err as Error).message ?? String(err)).split("\n")[0]}`);
  }
  if (mod.default === undefined) throw new UsageError(`${what}: ${file} has no default export (${exportHint})`);
  return mod.default;
}

/** "session.login.path: is required" from zod's first issue; `whole` names the document when the path is empty. */
export function describeIssue(issue: z.core.$ZodIssue, whole = "the profile"): string {
  const where = issue.path.length === 0 ? whole : issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `${where}: is required`;
  if (issue.code === "unrecognized_keys") return `${where === whole ? "" : `${where}: `}unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
}
