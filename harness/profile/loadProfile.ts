import { existsSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { UsageError } from "../errors/UsageError";
import { describeIssue, readDataFile } from "../fs/readDataFile";
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

const readProfileFile = (file: string, app: string): Promise<unknown> => readDataFile(file, `--app ${app}`, "export default defineProfile({ … })");

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
