import type { IncomingMessage } from "node:http";

/** The Host header's name without its port, lower-cased; "" when there is none. */
export function requestHostname(req: Pick<IncomingMessage, "headers">): string {
  const host = (req.headers.host ?? "").trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.split(":", 1)[0] ?? "";
}

/** The request came for the site or one of its subdomains. */
export function onSite(req: Pick<IncomingMessage, "headers">, siteHost: string): boolean {
  if (siteHost === "") return false;
  const host = requestHostname(req);
  return host === siteHost || host.endsWith(`.${siteHost}`);
}

/**
 * Where a login answered on login.<site> sends the user: the same page on
 * <site> (scheme-relative, port kept), as a login subdomain does; undefined
 * for any other host, where the plain path serves.
 */
export function siteUrl(req: Pick<IncomingMessage, "headers">, siteHost: string, path: string): string | undefined {
  const host = (req.headers.host ?? "").trim().toLowerCase();
  const prefix = `login.${siteHost}`;
  if (siteHost === "" || !(host === prefix || host.startsWith(`${prefix}:`))) return undefined;
  return `//${host.slice("login.".length)}${path}`;
}
