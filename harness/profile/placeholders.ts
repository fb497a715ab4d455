/**
 * Placeholders in a profile's templates: `{port}`, `{store.url}` and the like.
 * A placeholder is `{` + a name + `}`; any other brace is literal text. Each
 * field of a profile accepts one set of them (its scope), checked when the
 * profile is loaded so that a typo fails before anything starts, and filled by
 * the backend that starts the replica, which alone knows the values (a port
 * on 127.0.0.1 for processes, a container's address for Docker).
 */
import { posix } from "node:path";

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9.]*)\}/g;

/**
 * The hostname browser scenarios serve the app under (resolved to 127.0.0.1
 * inside their Chromium only); the login page is asked for on login.<site>.
 */
export const SITE_HOST = "shop.example.test";
export const LOGIN_HOST = `login.${SITE_HOST}`;
/** Another site (another registrable domain, so SameSite sees a cross-site navigation) whose page links to the app. */
export const ELSEWHERE_HOST = "news.partner.test";

/** Filled by the harness for every replica. */
export const REPLICA_PLACEHOLDERS = {
  port: "the port this replica must listen on",
  host: "the address it must bind (127.0.0.1 for processes)",
  replica: "its name, app-1 … app-N",
  runDir: "the run's folder, reports/<run-id>",
  replicaDir: "a folder of this replica's own, created empty before it starts",
  profileDir: "the folder holding the profile file",
  projectRoot: "the harness's checkout",
  node: "the Node.js executable running the harness",
  cookieName: "session.cookieName",
  site: `the hostname browser scenarios use for the app, ${SITE_HOST} (the login page on login.${SITE_HOST})`,
} as const;

/** The same for every replica: what nginx may need to know of the replicas' files (a FastCGI document root). */
export const SHARED_PLACEHOLDERS = { runDir: REPLICA_PLACEHOLDERS.runDir, profileDir: REPLICA_PLACEHOLDERS.profileDir, projectRoot: REPLICA_PLACEHOLDERS.projectRoot } as const;

export const PREPARE_PLACEHOLDERS = { profileDir: REPLICA_PLACEHOLDERS.profileDir, projectRoot: REPLICA_PLACEHOLDERS.projectRoot, node: REPLICA_PLACEHOLDERS.node } as const;
export const LOGIN_FIELD_PLACEHOLDERS = { username: "the test user's name", password: "the test user's password" } as const;
export const USER_PLACEHOLDERS = { n: "the user's number, 1..count" } as const;

export type PlaceholderValues = Readonly<Record<string, string>>;

/** The placeholder names used in `text`, in order, repeats included. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
}

/** The first placeholder of `text` not in `allowed`, if any. */
export function unknownPlaceholder(text: string, allowed: Readonly<Record<string, string>>): string | undefined {
  return placeholdersIn(text).find((name) => !Object.hasOwn(allowed, name));
}

/** `text` with every placeholder replaced; a placeholder without a value is a programming error (validation let it through). */
export function fillTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`placeholder ${whole} has no value here (have ${Object.keys(values).join(", ")})`);
    return value;
  });
}

/**
 * A path template (cwd, a rendered file's path, a FastCGI document root)
 * filled and made absolute and normal: `{profileDir}/../app` is the folder it
 * names, a relative path counts from `base` (the profile's folder, as
 * `files[].template` does). php-fpm answers 404 "Primary script unknown" to a
 * SCRIPT_FILENAME holding `..`, even when the file is there (measured with
 * php-fpm 8.2), and nginx passes the document root on as written. POSIX paths
 * on both backends: the process backend runs on Linux, containers are Linux.
 */
export function fillPath(text: string, values: PlaceholderValues, base: string): string {
  return posix.resolve(base, fillTemplate(text, values));
}

export function fillAll(texts: readonly string[], values: PlaceholderValues): string[] {
  return texts.map((t) => fillTemplate(t, values));
}

export function fillEnv(env: Readonly<Record<string, string>>, values: PlaceholderValues): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fillTemplate(v, values)]));
}
