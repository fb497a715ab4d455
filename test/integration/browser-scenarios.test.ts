/**
 * The browser scenario on the real stack: Chromium (Debian's, through k6's
 * browser module), nginx, three sample-app replicas, Redis, Toxiproxy. Each
 * of seed 000's browser-only causes, switched on with the sample app's
 * cookie-fault knob, is seen by the browser users and named in the report;
 * switched off, the browser users see nothing, over http and over TLS; and a
 * redirect whose headers leave before the session write is seen by browser
 * users only, not by the k6 HTTP users on the same cluster.
 */
import { describe, expect, it } from "vitest";
import { browserRun, COOKIE_FAULT_ANSWERS, expectCookieFaultNamed } from "./support/browserRun";

/**
 * Store writes that land late on app-1 (100 ms) and app-2 (50 ms), none on
 * app-3: a read that follows a redirect's headers to a faster replica than the
 * writer's misses the write, about one in three. 15 s gave 13 to 20 misses
 * (stale reads and logouts) in each of 4 runs, so none at all would be a real change, not chance.
 */
const SLOW_WRITERS = ["latency=100ms,direction=upstream,target=app-1", "latency=50ms,direction=upstream,target=app-2"];

describe("browser-login-loop on the real browser", () => {
  it.each([
    ["over http", {}],
    ["over TLS (a certificate the run made)", { tls: true }],
  ])("switched off: no anomaly from the browser users, %s", async (_, extra) => {
    const r = await browserRun({ vus: 2, httpVus: 1, ...extra });
    const b = r.byClient?.browser;
    expect(b?.logouts.total).toBeGreaterThanOrEqual(8);
    expect([b?.logouts.hits, b?.loginFailures.hits, b?.staleReads?.hits, b?.lostUpdates?.hits]).toEqual([0, 0, 0, 0]);
    expect(r.byClient?.http?.logouts.total).toBeGreaterThan(0);
    expect(r.anomalies.total).toBe(0);
    expect(r.verdict).toBe("pass");
  }, 60_000);

  // One cookie fault here; all six in test/heavy/browser-cookie-faults.test.ts (npm run test:heavy).
  it.each(COOKIE_FAULT_ANSWERS.filter(([fault]) => fault === "host-only"))("--cookie-fault %s is seen by the browser and named: %s", expectCookieFaultNamed, 60_000);

  it("PHP's real \"headers already sent\" is named from what the browser got: no cookie and no redirect", async () => {
    const r = await browserRun({ app: "php", knobs: { "cookie-fault": "lost" } });
    expect(r.anomalies.byEvidence?.["login answered without a session cookie (the login answered 200 without a session cookie)"] ?? 0).toBeGreaterThan(0);
    expect(r.byClient?.browser?.loginFailures.hits).toBe(r.byClient?.browser?.loginFailures.total);
  }, 60_000);

  it("headers first: browser users miss writes the k6 HTTP users on the same cluster never miss", async () => {
    const r = await browserRun({
      vus: 2,
      httpVus: 2,
      duration: "15s",
      knobs: { commit: "headers-first" },
      proxyBuffering: "off",
      faults: SLOW_WRITERS,
    });
    const b = r.byClient?.browser;
    const h = r.byClient?.http;
    expect((b?.staleReads?.hits ?? 0) + (b?.logouts.hits ?? 0)).toBeGreaterThan(0);
    expect(h?.staleReads?.total).toBeGreaterThanOrEqual(50);
    expect([h?.staleReads?.hits, h?.logouts.hits, h?.lostUpdates?.hits]).toEqual([0, 0, 0]);
    // A read before the write landed; and when the next write reads that stale session too, the last writer wins.
    expect(Object.keys(r.anomalies.byCause).filter((k) => k !== "read before write landed" && k !== "lost update (last writer won)")).toEqual([]);
    expect(r.notes.join(" ")).toContain("Only the browser users missed their own writes");
  }, 60_000);

  it("express-session's own res.redirect() is headers first too: browser users miss writes behind an unbuffered proxy", async () => {
    const r = await browserRun({ app: "express", vus: 2, httpVus: 2, duration: "15s", proxyBuffering: "off", faults: SLOW_WRITERS });
    const b = r.byClient?.browser;
    expect((b?.staleReads?.hits ?? 0) + (b?.logouts.hits ?? 0)).toBeGreaterThan(0);
    expect([r.byClient?.http?.staleReads?.hits, r.byClient?.http?.logouts.hits]).toEqual([0, 0]);
  }, 60_000);
});
