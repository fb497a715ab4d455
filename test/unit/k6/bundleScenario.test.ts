import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundlePath, bundleScenario, listScenarios } from "../../../harness/k6/bundleScenario";

describe("listScenarios", () => {
  it("lists the runnable scenarios, not their helpers", () => {
    const names = listScenarios();
    expect(names).toContain("login-loop");
    expect(names.some((n) => n.includes("/") || n === "tsconfig" || n.endsWith(".d"))).toBe(false);
  });
});

describe("bundleScenario", () => {
  it("names the allowed scenarios when asked for an unknown one", async () => {
    await expect(bundleScenario("no-such-scenario")).rejects.toThrow(/unknown scenario "no-such-scenario"; allowed: .*login-loop/);
  });

  it("bundles login-loop into one ES module that imports only k6", async () => {
    const path = await bundleScenario("login-loop");
    expect(path).toBe(bundlePath("login-loop"));
    const js = readFileSync(path, "utf8");
    const imports = [...js.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(["k6", "k6/execution", "k6/http", "k6/metrics"]));
    expect(js).toMatch(/export \{[^}]*\bhandleSummary\b/);
    expect(js).toMatch(/export \{[^}]*\boptions\b/);
    expect(js).toMatch(/export \{[^}]*\bloginLoop as default\b/);
    expect(js).toContain("sourceMappingURL=data:application/json");
  });
});
