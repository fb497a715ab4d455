import { existsSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { UsageError } from "../errors/UsageError";
import { describeIssue, readDataFile } from "../fs/readDataFile";
import { configFileSchema, type ConfigFile } from "./ConfigFile";

export interface LoadedConfig {
  config: ConfigFile;
  file: string;
  dir: string;
  /** The app as `--app` takes it: a path made absolute from the file's folder. */
  app: string | undefined;
}

const EXTENSIONS = [".json", ".ts", ".mts", ".js", ".mjs"];

/** `--config PATH` → a validated config. Every problem is one UsageError line naming the field. */
export async function loadConfigFile(path: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = resolve(cwd, path);
  const what = `--config ${path}`;
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${what}: no such file (${file})`);
  if (!EXTENSIONS.includes(extname(file))) throw new UsageError(`${what}: a config is a ${EXTENSIONS.join(", ")} file`);
  const raw = await readDataFile(file, what, "export default defineConfig({ … })");
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`${what}: ${first ? describeIssue(first, "the config") : "is not a config"}`);
  }
  const dir = dirname(file);
  const app = parsed.data.app;
  // A built-in name stays a name; anything that looks like a path is the file's.
  const appArg = app === undefined || !(app.includes("/") || extname(app) !== "") || isAbsolute(app) ? app : resolve(dir, app);
  return { config: parsed.data, file, dir, app: appArg };
}
