import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResult } from "../../../harness/report/readResult";
import { renderMarkdown } from "../../../harness/report/renderMarkdown";
import { type RunResult } from "../../../harness/report/RunResult";
import { projectRoot } from "../../../harness/tools/projectRoot";

const base = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));
const rate = (hits: number, total: number) => ({ hits, total, rate: total === 0 ? 0 : hits / total });

describe("a browser run's report", () => {
  it("names both kinds of user and puts their rates side by side", () => {
    const r: RunResult = {
      ...base,
      config: { ...base.config, scenario: "browser-login-loop", load: { ...base.config.load, vus: 2, httpVus: 3 } },
      byClient: {
        browser: { requests: 120, logouts: rate(2, 108), loginFailures: rate(0, 12), staleReads: rate(5, 48), lostUpdates: rate(0, 36) },
        http: { requests: 900, logouts: rate(0, 464), loginFailures: rate(0, 58), staleReads: rate(0, 232), lostUpdates: rate(0, 174) },
      },
      anomalies: { ...base.anomalies, byEvidence: { "browser withheld the session cookie (withheld by SameSite=Strict on a cross-site navigation)": 4 } },
    };
    const md = renderMarkdown(r);
    expect(md).toContain("2 browser users (Chromium) + 3 HTTP users (k6) for");
    expect(md).toMatch(/\| browser \(Chromium\) \| 120 +\| 1\.9% \(2\/108\) \| 10\.4% \(5\/48\) \|/);
    expect(md).toMatch(/\| HTTP \(k6\) +\| 900 +\| 0\.0% \(0\/464\) \|/);
    expect(md).toContain("- 4: browser withheld the session cookie (withheld by SameSite=Strict on a cross-site navigation)");
  });

  it("shows neither for an HTTP-only run", () => {
    const md = renderMarkdown(base);
    expect(md).not.toContain("By client");
    expect(md).not.toContain("browser users");
  });
});
