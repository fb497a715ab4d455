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

describe("redis-sentinel in containers", () => {
  const sentinelPlan = buildPlan(buildRunConfig({ ...composePlanRequest, store: "redis-sentinel" }, sample), sample.profile, sample.dir);
  const compose = parse(composeFiles(sentinelPlan)["docker-compose.yml"], { version: "1.1" }) as { services: Record<string, { command: string[]; environment?: Record<string, string> }>; networks: unknown };
  const proxies = JSON.parse(composeFiles(sentinelPlan)["docker/toxiproxy.json"]) as { name: string; listen: string }[];
  const port = (proxy: string): string => proxies.find((p) => p.name === proxy)?.listen.split(":").at(-1) ?? "?";

  it("has each node announce its peers proxy at Toxiproxy's address, and each sentinel monitor the first primary there", () => {
    const node = compose.services["redis-2"]?.command.join(" ") ?? "";
    expect(node).toMatch(new RegExp(`--replicaof (\\S+) ${port("redis-1-peers")} .*--replica-announce-ip \\1 --replica-announce-port ${port("redis-2-peers")}`));
    // The sentinel's config file is made first, by a shell whose "$@" compose must pass on (written $$).
    const sentinel = compose.services["sentinel-1"]?.command ?? [];
    expect(sentinel.slice(0, 3)).toEqual(["sh", "-c", `touch '/tmp/sentinel.conf' && exec "$$@"`]);
    expect(sentinel.join(" ")).toMatch(new RegExp(`--sentinel monitor sessions \\S+ ${port("redis-1-peers")} 2`));
  });

  it("gives each replica the sentinels and a NAT map from each announced address to its own proxy", () => {
    const env = compose.services["app-1"]?.environment ?? {};
    expect(env["REDIS_SENTINELS"]).toBe([1, 2, 3].map((n) => `toxiproxy:${port(`sentinel-${n}-apps`)}`).join(","));
    expect(env["REDIS_NAT_MAP"]?.split(",").map((pair) => pair.split("=")[1])).toEqual([1, 2, 3].map((n) => `toxiproxy:${port(`redis-${n}-apps`)}`));
  });
});
