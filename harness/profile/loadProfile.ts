import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type z } from "zod";
import { UsageError } from "../errors/UsageError";
import { projectRoot } from "../tools/projectRoot";
import { appProfileSchema, type AppProfile } from "./AppProfile";
import { checkProfilePlaceholders } from "./checkProfilePlaceholders";

/** The profiles that ship with the harness, by the name `--app` takes. */
export const BUILTIN_PROFILES: Readonly<Record<string, string>> = {
  sample: "sample-app/profile.ts",
  php: "examples/php/profile.ts",
  express: "examples/express/profile.ts",
};

export const DEFAULT_APP = "sample";

/** A validated profile and where it came from. */
export interface LoadedProfile {
  profile: AppProfile;
  /** What `--app` said: a built-in name or the path given. */
  source: string;
  /** Absolute path of the profile file. */
  file: string;
  /** Its folder: `{profileDir}`, and where `files[].template` paths start. */
  dir: string;
}

const EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".json"];

/** `--app NAME|PATH` → the profile file's absolute path, or a UsageError naming what is allowed. */
export function resolveProfilePath(app: string, cwd = process.cwd()): string {
  const builtin = BUILTIN_PROFILES[app];
  if (builtin !== undefined) return join(projectRoot(), builtin);
  const looksLikePath = app.includes("/") || EXTENSIONS.includes(extname(app));
  if (!looksLikePath) {
    throw new UsageError(`--app ${JSON.stringify(app)} is not a built-in profile: use one of ${Object.keys(BUILTIN_PROFILES).join(", ")} or the path of a profile file (${EXTENSIONS.join(", ")})`);
  }
  const file = resolve(cwd, app);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--app ${JSON.stringify(app)}: no such file (${file})`);
  if (!EXTENSIONS.includes(extname(file))) throw new UsageError(`--app ${JSON.stringify(app)}: a profile is a ${EXTENSIONS.join(", ")} file`);
  return file;
}

async function readProfileFile(file: string, app: string): Promise<unknown> {
  if (extname(file) === ".json") {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new UsageError(`--app ${app}: not valid JSON: ${(err as Error).message}`);
    }
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new UsageError(`--app ${app}: cannot load ${file}: ${((err as Error).message ?? String(err)).split("\n")[0]}`);
  }
  if (mod.default === undefined) throw new UsageError(`--app ${app}: ${file} has no default export (export default defineProfile({ … }))`);
  return mod.default;
}

/** "session.login.path: is required" from zod's first issue. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? "the profile" : issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `${where}: is required`;
  if (issue.code === "unrecognized_keys") return `${where === "the profile" ? "" : `${where}: `}unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
}

/** Validates `raw` as a profile; throws one UsageError line naming the first wrong field. */
export function validateProfile(raw: unknown, app: string, dir: string): AppProfile {
  const parsed = appProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`--app ${app}: ${first ? describeIssue(first) : "is not a profile"}`);
  }
  const problem = checkProfilePlaceholders(parsed.data, dir);
  if (problem) throw new UsageError(`--app ${app}: ${problem}`);
  return parsed.data;
}

/** `--app NAME|PATH` → a validated profile. Starts nothing; every problem is one UsageError line. */
export async function loadProfile(app: string = DEFAULT_APP, cwd = process.cwd()): Promise<LoadedProfile> {
  const file = resolveProfilePath(app, cwd);
  const dir = dirname(file);
  const profile = validateProfile(await readProfileFile(file, app), app, dir);
  return { profile, source: app, file, dir };
}
