/**
 * The harness's own link to FastCGI replicas at full speed: nginx keeps its
 * connections to php-fpm, capped at each replica's workers, so the run opens
 * almost no TCP connection per request and no request waits behind a kept
 * one. The app is PHP pages that only touch the session, so the plumbing is
 * what is measured.
 */
import { describe, expect, it } from "vitest";
import { FAST_PHP_PROFILE } from "../../harness/bench/churn";
import { expectRunCleanedUp, runForTest } from "./support/runForTest";

describe("kept FastCGI connections", () => {
  it("16 VUs on the fast PHP app: under 0.05 new TCP connections a request, no server error, no slow request", async () => {
    const { result, runDir } = await runForTest({ app: FAST_PHP_PROFILE, vus: 16, iterations: 300, duration: "60s" });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.requests).toBeGreaterThan(2000);
    expect(result.metrics.serverErrors.hits).toBe(0);
    // Machine-wide, so anything else opening connections counts too: measured 0.004.
    expect(result.plumbing?.churn?.newConnectionsPerRequest).toBeLessThan(0.05);
    // A connection queued behind a kept one would wait for nginx's 60 s idle timeout.
    expect(result.metrics.latency?.max).toBeLessThan(2_000);
    expect(result.verdict).toBe("pass");
    await expectRunCleanedUp(runDir);
  });

  it("past the replicas' workers, connections are not kept, so nothing queues behind them", async () => {
    // 3 replicas × 8 workers = 24: 30 VUs could have 30 requests in flight.
    const { result, runDir } = await runForTest({ app: FAST_PHP_PROFILE, vus: 30, duration: "3s" });
    expect(result.status, result.error).toBe("completed");
    expect(result.metrics.serverErrors.hits).toBe(0);
    expect(result.plumbing?.churn?.newConnectionsPerRequest).toBeGreaterThan(0.9);
    expect(result.metrics.latency?.max).toBeLessThan(2_000);
    await expectRunCleanedUp(runDir);
  });
});
