import { vuId } from "./vuIdentity";
import { Trend } from "k6/metrics";
import { METRIC } from "../lib/metricNames";
import { sessionToken } from "../lib/tokens";
import { type Outcome } from "./loggedInIteration";
import { type SessionClient } from "./SessionClient";

// In k6's init context, once per VU, as every metric must be.
const flowWrite = new Trend(METRIC.flowWrite, true);
const flowReadAfterWrite = new Trend(METRIC.flowReadAfterWrite, true);

/**
 * `writes` times: write a unique token (a write-then-redirect) and, as soon as
 * the redirect acknowledges it, follow it and read the list; then the
 * session's last read. Done when every write was acknowledged.
 */
export function writeThenRead(client: SessionClient, writes: number): Outcome {
  let ms = 0;
  let acknowledged = 0;
  for (let i = 1; i <= writes; i++) {
    const write = client.write(sessionToken(vuId(), __ITER, i), `write#${i}`);
    const read = client.read(`read#${i}`, write);
    flowWrite.add(write.ms);
    flowReadAfterWrite.add(read.ms);
    ms += write.ms + read.ms;
    if (write.ok) acknowledged++;
  }
  ms += client.finalRead().ms;
  return { ms, ok: acknowledged === writes };
}
