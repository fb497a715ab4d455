// A session id signed with the app's secret in its cookie, as express-session
// and most frameworks do (`<id>.<hmac>`). A replica whose secret differs reads
// a perfectly good session cookie as forged: the deploy bug where a new
// replica generates its own secret at boot, or is given another one.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a replica signs with: one given to every replica, or one made when this process started. */
export interface SessionSecret {
  value: Buffer;
  /** "shared": given in SESSION_SECRET; "per-replica": random at boot. */
  kind: "shared" | "per-replica";
}

export function sessionSecret(given: string | undefined): SessionSecret {
  return given === undefined ? { value: randomBytes(32), kind: "per-replica" } : { value: Buffer.from(given, "utf8"), kind: "shared" };
}

const mac = (id: string, secret: Buffer): string => createHmac("sha256", secret).update(id).digest("base64url");

export function signId(id: string, secret: Buffer): string {
  return `${id}.${mac(id, secret)}`;
}

/** The id in a signed cookie value; undefined when its signature is not this secret's (or it has none). */
export function unsignId(value: string, secret: Buffer): string | undefined {
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  const [got, want] = [Buffer.from(value.slice(dot + 1)), Buffer.from(mac(id, secret))];
  return got.length === want.length && timingSafeEqual(got, want) ? id : undefined;
}
