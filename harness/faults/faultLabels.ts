import { type Direction } from "../config/FaultParam";

/**
 * Pieces of the human labels every fault builds, so "app-2's Redis link" and
 * "5 s" read the same in every label, log line and report row.
 */

/** 50 → "50 ms", 5000 → "5 s", 1500 → "1.5 s", 90000 → "90 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** Which links a toxic or `down` target covers. */
export function linkPhrase(target: string): string {
  return target === "all" ? "every replica's Redis link" : `${target}'s Redis link`;
}

/**
 * Where on a link a toxic sits. Upstream is what the app sends (its commands),
 * downstream what Redis sends back (its replies): Toxiproxy's own words, with
 * the arrow spelled out because "upstream" alone is read both ways.
 */
export function directionPhrase(direction: Direction): string {
  switch (direction) {
    case "both":
      return "both directions";
    case "upstream":
      return "app→Redis (upstream)";
    case "downstream":
      return "Redis→app (downstream)";
  }
}

/** "latency 50 ms on both directions of app-2's Redis link" and the like. */
export function onLink(what: string, direction: Direction, target: string): string {
  return `${what} on ${directionPhrase(direction)} of ${linkPhrase(target)}`;
}
