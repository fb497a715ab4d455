import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The machine-wide folder every clone of the harness shares: built tools,
 * dockerd's log, the port claims of running harnesses.
 * SESSION_HARNESS_CACHE moves it (a CI cache, a test's own folder).
 */
export function cacheDir(): string {
  return process.env.SESSION_HARNESS_CACHE ?? join(homedir(), ".cache", "session-harness");
}
