import { readFileSync } from "node:fs";
import { parseOp, type HistoryOp } from "../../scenarios/lib/HistoryOp";
import { consoleMessage } from "../k6/readK6Output";

/**
 * The operations a scenario logged, in file order; other console output is
 * skipped, and so is a half-written last line of a run that was killed. A
 * missing file means none.
 */
export function readHistory(consolePath: string): HistoryOp[] {
  let text: string;
  try {
    text = readFileSync(consolePath, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const ops: HistoryOp[] = [];
  for (const line of text.split("\n")) {
    const message = consoleMessage(line);
    const op = message === undefined ? undefined : parseOp(message);
    if (op) ops.push(op);
  }
  return ops;
}
