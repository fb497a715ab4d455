import type { IncomingMessage } from "node:http";

export const BODY_LIMIT_BYTES = 16 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

export class BadBodyError extends Error {
  override name = "BadBodyError";
}

export type Fields = Readonly<Record<string, unknown>>;

/** Buffers at most `limit` bytes. Past the limit it keeps draining (without
 * storing) instead of destroying the request, so the 413 can still be written. */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new BodyTooLargeError());
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** JSON objects or urlencoded forms (the default when no JSON type is declared,
 * as browsers' and k6's plain form posts send). */
export function parseFields(body: Buffer, contentType: string | undefined): Fields {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const text = body.toString("utf8");
  if (type === "application/json" || type.endsWith("+json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BadBodyError("body is not valid JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new BadBodyError("JSON body must be an object");
    }
    return value as Fields;
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function stringField(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === "string" ? value : undefined;
}
