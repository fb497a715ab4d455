import { describe, expect, it } from "vitest";
import { balancerPart } from "../../../harness/plan/Plan";
import { buildPlan } from "../../../harness/plan/buildPlan";
import { fastcgiKeepalive, maxInFlight } from "../../../harness/plan/fastcgiKeepalive";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const php = await loadProfile("php");
const config = (req: Parameters<typeof buildRunConfig>[0]) => buildRunConfig(req, php);

describe("fastcgiKeepalive", () => {
  it("counts the requests the load can have in flight: a batch of two in concurrent-tabs", () => {
    expect(maxInFlight(config({ vus: 10 }))).toBe(10);
    expect(maxInFlight(config({ scenario: "concurrent-tabs", vus: 10 }))).toBe(20);
  });

  it("keeps connections, capped at the workers, while the load fits in the replicas' workers", () => {
    expect(fastcgiKeepalive(config({ vus: 24 }), 8, 3)).toEqual({ keptPerReplica: 8 });
  });

  it("opens a connection per request, and says why, when the load could outgrow the workers or they are unknown", () => {
    expect(fastcgiKeepalive(config({ vus: 25 }), 8, 3).notKept).toMatch(/25 requests in flight and 3 replicas have 24 FastCGI workers/);
    expect(fastcgiKeepalive(config({ vus: 10 }), undefined, 3).notKept).toMatch(/replica\.fastcgi\.workers/);
  });

  it("the PHP example's plan keeps 8 per replica (its pool) at the default load", () => {
    const plan = buildPlan(config({}), php.profile, php.dir);
    expect(balancerPart(plan).fastcgi).toMatchObject({ documentRoot: "{profileDir}/app", keptPerReplica: 8 });
  });
});
