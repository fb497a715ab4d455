import { readFileSync } from "node:fs";
import { K6Summary } from "./K6Summary";
import { type RawSummary } from "./k6SummaryTypes";

/**
 * The text of one console line in any of k6's log formats: a JSON record
 * ({"level","msg","time"}, what runK6 asks for), logfmt (msg="..." with Go
 * quoting, k6's default) or a bare line. Undefined for a blank line.
 */
export function consoleMessage(line: string): string | undefined {
  const text = line.trim();
  if (text === "") return undefined;
  if (text.startsWith("{")) {
    try {
      const record = JSON.parse(text) as unknown;
      if (typeof record === "object" && record !== null && "msg" in record && typeof record.msg === "string") return record.msg;
    } catch {
      // Not a JSON record (a bare line that starts with a brace): fall through.
    }
  }
  const logfmt = /(?:^|\s)msg=("(?:[^"\\]|\\.)*"|\S*)/.exec(text);
  if (logfmt?.[1] !== undefined && /(?:^|\s)level=/.test(text)) {
    const raw = logfmt[1];
    if (!raw.startsWith('"')) return raw;
    try {
      // Go's %q escapes are JSON's for everything console.log can produce here.
      return JSON.parse(raw) as string;
    } catch {
      return undefined;
    }
  }
  return text;
}

function isRawSummary(value: unknown): value is RawSummary {
  if (typeof value !== "object" || value === null) return false;
  const { metrics, state } = value as Partial<Record<keyof RawSummary, unknown>>;
  if (typeof metrics !== "object" || metrics === null || typeof state !== "object" || state === null) return false;
  return Object.values(metrics).every(
    (m: unknown) => typeof m === "object" && m !== null && "type" in m && "values" in m && typeof m.values === "object",
  );
}

/** Reads k6-summary.json as handleSummary wrote it; throws naming the file when it is not one. */
export function readSummary(path: string): K6Summary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`cannot read k6 summary ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!isRawSummary(parsed)) throw new Error(`${path} is not a k6 summary (no metrics/state)`);
  return new K6Summary(parsed);
}
