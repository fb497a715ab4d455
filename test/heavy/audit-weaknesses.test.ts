/**
 * Every weakness of the sample app alone fails exactly the checks it breaks,
 * no more, no fewer: fifteen audits, about 90 s, so behind `npm run
 * test:heavy` (which CI runs after `npm test`).
 */
import { describe, expect, it } from "vitest";
import { audit, KNOWN_ANSWERS, notPassing } from "../integration/support/auditForTest";

describe("session audit: every weakness's known answer", () => {
  it.each(Object.entries(KNOWN_ANSWERS))("--weaken %s fails exactly %j", async (weakness, expected) => {
    const { result } = await audit([weakness]);
    expect(result.error, "the audit itself failed").toBeUndefined();
    expect(notPassing(result)).toEqual(expected.map((id) => `${id}:fail`));
    expect(result.verdict).toBe("fail");
  }, 120_000);
});
