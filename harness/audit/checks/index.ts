import { type AuditCheck } from "../AuditCheck";
import { cacheControl } from "./cacheControl";
import { cookieHttpOnly, cookieLifetime, cookieSameSite, cookieScope, cookieSecure } from "./cookieAttributes";
import { csrf } from "./csrf";
import { enumeration } from "./enumeration";
import { absoluteTimeout, idleTimeout } from "./expiry";
import { failClosed } from "./failClosed";
import { fixation } from "./fixation";
import { idEntropy } from "./idEntropy";
import { logoutCookie } from "./logoutCookie";
import { logoutServer } from "./logoutServer";
import { metricsHidden } from "./metricsHidden";
import { rotation } from "./rotation";
import { securityHeaders } from "./securityHeaders";
import { sharedSessions } from "./sharedSessions";
import { throttling } from "./throttling";

/**
 * Every audit item, in report order. Throttling runs last among the main
 * cluster's checks: it leaves its user locked out. See docs/session-audit.md
 * ("Adding a check").
 */
export const AUDIT_CHECKS: readonly AuditCheck[] = [
  sharedSessions,
  fixation,
  rotation,
  logoutServer,
  logoutCookie,
  cookieHttpOnly,
  cookieSecure,
  cookieSameSite,
  cookieScope,
  cookieLifetime,
  idleTimeout,
  absoluteTimeout,
  idEntropy,
  cacheControl,
  securityHeaders,
  enumeration,
  csrf,
  metricsHidden,
  failClosed,
  throttling,
];
