import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { readResult } from "../../../harness/report/readResult";
import { renderJunit } from "../../../harness/report/renderJunit";
import { renderStepSummary } from "../../../harness/report/renderStepSummary";
import { projectRoot } from "../../../harness/tools/projectRoot";

const result = readResult(readFileSync(join(projectRoot(), "test", "fixtures", "result", "login-loop.result.json"), "utf8"));

describe("CI outputs from result.json", () => {
  it("junit.xml: a suite per run, a case per gate, failures with the measured value", () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(renderJunit([result, { ...result, verdict: "error", error: "k6 exited with code 107" }])) as {
      testsuites: { tests: string; failures: string; errors: string; testsuite: { testcase: { name: string; failure?: { message: string }; error?: { message: string } }[] }[] };
    };
    const failedGates = result.gates.filter((g) => !g.ok);
    expect(Number(doc.testsuites.failures)).toBe(2 * failedGates.length);
    expect(Number(doc.testsuites.errors)).toBe(1);
    const [first, second] = doc.testsuites.testsuite;
    expect(first?.testcase).toHaveLength(result.gates.length);
    const failed = first?.testcase.find((c) => c.failure !== undefined);
    expect(failed?.failure?.message).toMatch(/^measured [\d.]+% of [\d,]+; gate rate<=0$/);
    expect(second?.testcase[0]).toMatchObject({ name: "run completed", error: { message: "k6 exited with code 107" } });
  });

  it("the step summary shows the same verdicts and failed gates", () => {
    const md = renderStepSummary([result], () => "reports/x/report.html");
    expect(md).toContain("❌ FAIL");
    for (const g of result.gates.filter((x) => !x.ok)) expect(md).toContain(`| ${g.text ?? g.metric}`);
  });
});
