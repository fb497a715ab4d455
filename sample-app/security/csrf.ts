import type { IncomingMessage } from "node:http";

// A state-changing request must come from this app's own pages. Browsers say
// where a request comes from (Origin, Sec-Fetch-Site); a cross-site form can
// only send the CORS "simple" content types, of which this app takes just
// urlencoded forms (and JSON, which a cross-site page cannot send without a
// preflight). Clients that send neither header (curl, k6) are not browsers
// and carry no ambient cookies an attacker could borrow, so they pass.

const ACCEPTED_TYPES = new Set(["application/x-www-form-urlencoded", "application/json"]);

/** Why the request is refused as cross-site, or undefined when it may go on. */
export function crossSiteReason(req: IncomingMessage): string | undefined {
  // A browser that sends Sec-Fetch-Site (which no page can forge; browsers send
  // it only to https and localhost origins) has said all there is to say.
  const site = header(req, "sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = site === undefined ? header(req, "origin") : undefined;
  if (origin !== undefined) {
    const host = header(req, "host");
    if (origin === "null" || host === undefined || originHost(origin) !== host.toLowerCase()) return `Origin ${origin} is not this site (${host ?? "no Host"})`;
  }
  const type = (header(req, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (req.method === "POST" && type !== "" && !ACCEPTED_TYPES.has(type)) return `Content-Type ${type} is not a form or JSON`;
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
