/**
 * write-redirect-race: log in, then WRITES times add a unique item to the cart
 * (POST /cart), and as soon as its 302 acknowledges the write, follow it by
 * hand (GET /cart) and look for the item; log out, repeat. Measures how often a
 * user does not see their own acknowledged write: the session not found at all
 * (session-missing) or found without the write (older-version), as happens
 * when the app answers before its store write lands (SESSION_COMMIT=after-response).
 *
 * Environment (`-e K=V`, from the harness): BASE_URL (required), VUS, DURATION,
 * WRITES (default 5), USERS, COOKIE_NAME, REPLICA_NAMES, STORE, LB, REPLICAS,
 * COMMIT, LOCKING, SUMMARY_PATH, and the gates GATE_STALE_READ_RATE,
 * GATE_LOST_UPDATE_RATE, GATE_LOGOUT_RATE, GATE_STORE_ERROR_RATE (all 0 by default).
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
const writes = envInt(__ENV, "WRITES", 5, 1, 1_000);

export const options = scenarioOptions(env, CART_GATES, [STALE_KIND_SPLIT]);

const flowWrite = new Trend(METRIC.flowWrite, true);
const flowReadAfterWrite = new Trend(METRIC.flowReadAfterWrite, true);

export default function writeRedirectRace(): void {
  loggedInIteration(new CartClient(env), env.users, (client) => {
    let ms = 0;
    let acknowledged = 0;
    for (let i = 1; i <= writes; i++) {
      const write = client.write(cartToken(__VU, __ITER, i), `write#${i}`);
      const read = client.readCart(`read#${i}`, write);
      flowWrite.add(write.ms);
      flowReadAfterWrite.add(read.ms);
      ms += write.ms + read.ms;
      if (write.ok) acknowledged++;
    }
    return { ms, ok: acknowledged === writes };
  });
}

export const handleSummary = writeSummary(env);
