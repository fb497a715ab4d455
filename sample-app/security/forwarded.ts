import type { IncomingMessage } from "node:http";

// X-Forwarded-Proto is a claim anyone can send; only the load balancer's is
// believed, and only when it connects from an address the config names.

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** TRUSTED_PROXIES: "loopback", or a comma list of addresses; empty trusts none. */
export function parseTrustedProxies(value: string | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  for (const item of (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    if (item === "loopback") for (const a of LOOPBACK) out.add(a);
    else out.add(item);
  }
  return out;
}

/** The client reached us over TLS: directly, or through a trusted proxy that says so. */
export function isHttps(req: IncomingMessage, trusted: ReadonlySet<string>): boolean {
  if ("encrypted" in req.socket && req.socket.encrypted === true) return true;
  const peer = req.socket.remoteAddress;
  if (peer === undefined || !trusted.has(peer)) return false;
  const proto = req.headers["x-forwarded-proto"];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase() === "https";
}
