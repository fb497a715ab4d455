import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findTool, MissingToolError } from "../../../harness/tools/findTool";
import { K6 } from "../../../harness/tools/pinnedTools";

describe("findTool", () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it("names the missing tool and `npm run setup` in one line", () => {
    process.env.PATH = "";
    const emptyRoot = mkdtempSync(join(tmpdir(), "no-tools-"));
    expect(() => findTool(K6, emptyRoot)).toThrow(MissingToolError);
    expect(() => findTool(K6, emptyRoot)).toThrow(/^k6 not found \(looked in \.tools\/ and on PATH\): run `npm run setup`$/);
  });
});
