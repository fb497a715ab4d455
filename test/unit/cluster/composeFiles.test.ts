import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { composeFiles } from "../../../harness/cluster/docker/composeFiles";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";
import { composePlanRequest } from "../../../harness/run/composePlan";
import { projectRoot } from "../../../harness/tools/projectRoot";

const sample = await loadProfile("sample");
const plan = buildPlan(buildRunConfig(composePlanRequest, sample), sample.profile, sample.dir);
const generated = composeFiles(plan);

describe("docker-compose.yml", () => {
  it.each(Object.keys(generated))("%s is exactly what the harness's Docker plan generates (npm run compose)", (name) => {
    expect(readFileSync(join(projectRoot(), name), "utf8")).toBe(generated[name as keyof typeof generated]);
  });

  it("has the plan's parts, in the plan's roles, and publishes on 127.0.0.1 only", () => {
    const compose = parse(generated["docker-compose.yml"], { version: "1.1" }) as { services: Record<string, { ports?: string[]; image: string }> };
    expect(Object.keys(compose.services).sort()).toEqual(plan.parts.map((p) => p.name).sort());
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published).toHaveLength(2);
    for (const p of published) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it("gives Toxiproxy the plan's links, one per replica", () => {
    const proxies = JSON.parse(generated["docker/toxiproxy.json"]) as { name: string; upstream: string }[];
    expect(proxies.map((p) => p.name)).toEqual(["redis-app-1", "redis-app-2", "redis-app-3"]);
    for (const p of proxies) expect(p.upstream).toBe("redis:6379");
  });
});
