import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../harness/config/parseDuration";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["2h", 7_200_000],
    ["1.5s", 1500],
  ])("%s is %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "10", "s", "10 s", "-1s", "0s", "1d", "1m30"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
