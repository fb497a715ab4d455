/**
 * concurrent-tabs: log in, then ROUNDS times send two POST /cart with distinct
 * items at once (http.batch, one cookie jar: two tabs of one browser), then
 * GET /cart; log out, repeat. An item whose POST was acknowledged (302) but that
 * the cart no longer holds, at a version that already passed its write, was
 * lost: both requests read the same version and the last writer won, as happens
 * with a shared store and no per-session lock. A POST answered 503 (the lock not
 * obtained in time, a store error) promised nothing and is not looked for.
 *
 * Environment (`-e K=V`, from the harness): BASE_URL (required), VUS, DURATION,
 * ROUNDS (default 5), USERS, COOKIE_NAME, REPLICA_NAMES, STORE, LB, REPLICAS,
 * COMMIT, LOCKING, SUMMARY_PATH, and the gates GATE_LOST_UPDATE_RATE,
 * GATE_STALE_READ_RATE, GATE_LOGOUT_RATE, GATE_STORE_ERROR_RATE (all 0 by default).
 */
import { Trend } from "k6/metrics";
import { CartClient } from "./common/CartClient";
import { loggedInIteration } from "./common/loggedInIteration";
import { scenarioOptions } from "./common/scenarioOptions";
import { writeSummary } from "./common/writeSummary";
import { CART_GATES, STALE_KIND_SPLIT } from "./lib/cartGates";
import { cartToken } from "./lib/cartItems";
import { METRIC } from "./lib/metricNames";
import { envInt, parseScenarioEnv } from "./lib/parseScenarioEnv";

const env = parseScenarioEnv(__ENV);
const rounds = envInt(__ENV, "ROUNDS", 5, 1, 1_000);

export const options = scenarioOptions(env, CART_GATES, [STALE_KIND_SPLIT]);

const flowConcurrentWrite = new Trend(METRIC.flowConcurrentWrite, true);
const flowReadAfterWrite = new Trend(METRIC.flowReadAfterWrite, true);

export default function concurrentTabs(): void {
  loggedInIteration(new CartClient(env), env.users, (client) => {
    let ms = 0;
    let allAcknowledged = true;
    for (let round = 1; round <= rounds; round++) {
      const tabs = [cartToken(__VU, __ITER, `${round}a`), cartToken(__VU, __ITER, `${round}b`)];
      const pair = client.writeConcurrently(tabs, `tabs#${round}`);
      const read = client.readCart(`read#${round}`);
      flowConcurrentWrite.add(pair.ms);
      flowReadAfterWrite.add(read.ms);
      ms += pair.ms + read.ms;
      allAcknowledged &&= pair.steps.every((s) => s.ok);
    }
    return { ms, ok: allAcknowledged };
  });
}

export const handleSummary = writeSummary(env);
