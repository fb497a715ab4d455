/**
 * The environment every session scenario reads (k6 passes `-e K=V` as __ENV).
 * Parsed from a plain map so the rules are unit-tested outside k6; a bad value
 * throws in k6's init context, which fails the run before any VU starts instead
 * of producing numbers from a misread configuration.
 */
export type EnvMap = Readonly<Record<string, string | undefined>>;

export class ScenarioEnvError extends Error {
  override name = "ScenarioEnvError";
}

export interface ScenarioEnv {
  /** Entry URL without a trailing slash, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  vus: number;
  /** k6 duration syntax, passed through to options.duration. */
  duration: string;
  /** Size of the user pool VUs are mapped onto (user1..userN). */
  users: number;
  cookieName: string;
  /** Replicas the run expects; each gets a submetric so the summary counts it even at zero. */
  replicaNames: string[];
  /** Global test tags (store, lb, replicas, commit, locking) for whoever reads the raw samples later. */
  tags: Record<string, string>;
  /** Where handleSummary writes; undefined means stdout (a run by hand). */
  summaryPath: string | undefined;
  /**
   * A user's pause before each new action (a page view, a write, the logout), in
   * ms; never between a 302 and the request that follows it, which is the race
   * under test. 0: back to back.
   */
  thinkMs: number;
}

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const TOKEN = /^[A-Za-z0-9._-]{1,64}$/;

function present(env: EnvMap, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function got(value: string | undefined): string {
  return value === undefined ? " (not set)" : ` (got ${JSON.stringify(value)})`;
}

/** An integer option in [min, max], `fallback` when unset. */
export function envInt(env: EnvMap, name: string, fallback: number, min = 1, max = 1_000_000): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw new ScenarioEnvError(`${name} must be an integer ${min}-${max}${got(value)}`);
}

/** A rate gate in [0, 1], `fallback` when unset. */
export function envRate(env: EnvMap, name: string, fallback: number): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (n >= 0 && n <= 1) return n;
  throw new ScenarioEnvError(`${name} must be a rate between 0 and 1${got(value)}`);
}

function baseUrl(env: EnvMap): string {
  const value = present(env, "BASE_URL");
  if (value === undefined || !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(value)) {
    throw new ScenarioEnvError(`BASE_URL must be an http:// or https:// URL${got(value)}`);
  }
  return value.replace(/\/+$/, "");
}

function replicaNames(env: EnvMap): string[] {
  const value = present(env, "REPLICA_NAMES");
  if (value === undefined) return [];
  const names = value.split(",").map((n) => n.trim());
  // The names go into threshold keys such as replica_responses{replica:app-1},
  // which k6 parses: a comma or brace in a name would change the key's meaning.
  const bad = names.find((n) => !TOKEN.test(n));
  if (bad !== undefined) throw new ScenarioEnvError(`REPLICA_NAMES must be a comma list of [A-Za-z0-9._-] names${got(value)}`);
  return [...new Set(names)];
}

function globalTags(env: EnvMap): Record<string, string> {
  const tags: Record<string, string> = {};
  const known = [["store", "STORE"], ["lb", "LB"], ["replicas", "REPLICAS"], ["commit", "COMMIT"], ["locking", "LOCKING"]] as const;
  for (const [tag, name] of known) {
    const value = present(env, name);
    if (value !== undefined) tags[tag] = value;
  }
  return tags;
}

export function parseScenarioEnv(env: EnvMap): ScenarioEnv {
  const duration = present(env, "DURATION") ?? "10s";
  if (!DURATION.test(duration)) throw new ScenarioEnvError(`DURATION must be a k6 duration such as 30s or 1m30s${got(duration)}`);
  const cookieName = present(env, "COOKIE_NAME") ?? "sid";
  if (!TOKEN.test(cookieName)) throw new ScenarioEnvError(`COOKIE_NAME must be 1-64 [A-Za-z0-9._-] characters${got(cookieName)}`);
  return {
    baseUrl: baseUrl(env),
    vus: envInt(env, "VUS", 10, 1, 100_000),
    duration,
    users: envInt(env, "USERS", 100),
    cookieName,
    replicaNames: replicaNames(env),
    tags: globalTags(env),
    summaryPath: present(env, "SUMMARY_PATH"),
    thinkMs: envInt(env, "THINK_MS", 0, 0, 60_000),
  };
}
