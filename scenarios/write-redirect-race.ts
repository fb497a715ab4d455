/**
 * write-redirect-race: log in, then WRITES times write a unique token into
 * the session and, as soon as its redirect acknowledges the write, follow it
 * by hand and read the token list back; one last read, then log out, repeat.
 * Measures how often a user does not see their own acknowledged write, as
 * happens when the app answers before its store write lands. Whether a miss
 * was a stale read (the token showed up later) or a lost update (it never
 * did) is decided from the whole history afterwards; the last read is there
 * so the final write of each session can be told apart too.
 *
 * Environment (`-e K=V`, from the harness): BASE_URL, SESSION_CONTRACT
 * (required), VUS, DURATION, WRITES (default 5), THINK_MS, SETTLE_MS, TAGS, SUMMARY_PATH.
 */
import { loggedInIteration } from "./common/loggedInIteration";
import { scenarioOptions } from "./common/scenarioOptions";
import { SessionClient } from "./common/SessionClient";
import { writeSummary } from "./common/writeSummary";
import { writeThenRead } from "./common/writeThenRead";
import { envInt, parseScenarioEnv } from "./lib/parseScenarioEnv";

const env = parseScenarioEnv(__ENV);
const writes = envInt(__ENV, "WRITES", 5, 1, 1_000);

export const options = scenarioOptions(env);

export default function writeRedirectRace(): void {
  loggedInIteration(new SessionClient(env), (client) => writeThenRead(client, writes));
}

export const handleSummary = writeSummary(env);
