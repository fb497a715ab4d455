/**
 * concurrent-tabs: log in, then ROUNDS times send two writes with distinct
 * tokens at once (http.batch, one cookie jar: two tabs of one browser), then
 * read the token list; one last read, log out, repeat. A token whose write
 * was acknowledged but that no later read shows was lost: both requests read
 * the same session and the last writer won, as happens with a shared store and
 * no per-session lock. A write answered 5xx promised nothing and is not looked for.
 *
 * Environment (`-e K=V`, from the harness): BASE_URL, SESSION_CONTRACT
 * (required), VUS, DURATION, ROUNDS (default 5), THINK_MS, SETTLE_MS, TAGS, SUMMARY_PATH.
 */
import { vuId } from "./common/vuIdentity";
import { Trend } from "k6/metrics";
import { loggedInIteration } from "./common/loggedInIteration";
import { scenarioOptions } from "./common/scenarioOptions";
import { SessionClient } from "./common/SessionClient";
import { writeSummary } from "./common/writeSummary";
import { METRIC } from "./lib/metricNames";
import { envInt, parseScenarioEnv } from "./lib/parseScenarioEnv";
import { sessionToken } from "./lib/tokens";

const env = parseScenarioEnv(__ENV);
const rounds = envInt(__ENV, "ROUNDS", 5, 1, 1_000);

export const options = scenarioOptions(env);

const flowConcurrentWrite = new Trend(METRIC.flowConcurrentWrite, true);
const flowReadAfterWrite = new Trend(METRIC.flowReadAfterWrite, true);

export default function concurrentTabs(): void {
  loggedInIteration(new SessionClient(env), (client) => {
    let ms = 0;
    let allAcknowledged = true;
    for (let round = 1; round <= rounds; round++) {
      const pair = client.writeConcurrently([sessionToken(vuId(), __ITER, `${round}a`), sessionToken(vuId(), __ITER, `${round}b`)], `tabs#${round}`);
      const read = client.read(`read#${round}`);
      flowConcurrentWrite.add(pair.ms);
      flowReadAfterWrite.add(read.ms);
      ms += pair.ms + read.ms;
      allAcknowledged &&= pair.steps.every((s) => s.ok);
    }
    ms += client.finalRead().ms;
    return { ms, ok: allAcknowledged };
  });
}

export const handleSummary = writeSummary(env);
