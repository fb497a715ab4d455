/**
 * Each of seed 000's browser-only causes, switched on with the sample app's
 * cookie-fault knob, is seen by a real Chromium user and named in the
 * report. Six browser runs, about 50 s, so behind `npm run test:heavy` (which
 * CI runs after `npm test`); one of them stays in the integration suite.
 */
import { describe, it } from "vitest";
import { COOKIE_FAULT_ANSWERS, expectCookieFaultNamed } from "../integration/support/browserRun";

describe("browser-login-loop: every cookie fault named", () => {
  it.each(COOKIE_FAULT_ANSWERS)("--cookie-fault %s is seen by the browser and named: %s", expectCookieFaultNamed, 60_000);
});
