import type { ServerResponse } from "node:http";
import { finished } from "node:stream";

/** A response described, not yet written: handlers return one so the pipeline
 * decides when it leaves relative to the session commit. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

export function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { Location: location, "Cache-Control": "no-store", ...headers }, body: `Found. Redirecting to ${location}` };
}

export function storeUnavailable(): Reply {
  return json(503, { error: "session store unavailable" }, { "X-Session-State": "error" });
}

/** Resolves once the whole response is handed to the socket (or the client left),
 * which is the moment an after-response commit may start. `finished` also settles
 * for a response whose client left before it was written: its "close" has already
 * fired and end()'s callback would never come, and a request that never settles
 * keeps the replica from shutting down. */
export function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  return new Promise((resolve) => {
    if (!res.destroyed) {
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": Buffer.byteLength(reply.body) });
      res.end(reply.body);
    }
    finished(res, () => resolve());
  });
}

/**
 * The headers-first commit, as express-session saves around its `end`: the
 * status, headers and all but the body's last byte leave first, then `commit`
 * runs, then the last byte. A client that reads whole responses (k6's HTTP
 * client) cannot send its next request before the commit; a browser follows a
 * redirect as soon as the headers arrive, and can.
 */
export async function sendReplyAroundCommit(res: ServerResponse, reply: Reply, commit: () => Promise<void>): Promise<void> {
  const body = Buffer.from(reply.body.length > 0 ? reply.body : " ");
  res.writeHead(reply.status, { ...reply.headers, "Content-Length": body.length });
  res.write(body.subarray(0, body.length - 1));
  try {
    await commit();
  } finally {
    await new Promise<void>((resolve) => {
      if (!res.destroyed) res.end(body.subarray(body.length - 1));
      finished(res, () => resolve());
    });
  }
}
