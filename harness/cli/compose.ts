/**
 * `npm run compose`: writes docker-compose.yml, docker/nginx.conf and
 * docker/toxiproxy.json from the harness's own Docker plan of the sample app
 * (Redis store, 3 replicas, round-robin), so the committed topology and the
 * harness's never drift apart (a test compares them).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { composeFiles } from "../cluster/docker/composeFiles";
import { buildPlan } from "../plan/buildPlan";
import { loadProfile } from "../profile/loadProfile";
import { composePlanRequest } from "../run/composePlan";
import { buildRunConfig } from "../run/buildRunConfig";
import { projectRoot } from "../tools/projectRoot";
import { refuseArguments } from "./refuseArguments";

refuseArguments("compose", "it writes the committed docker-compose.yml, docker/nginx.conf and docker/toxiproxy.json for the sample app on Redis (3 replicas, round-robin); other topologies run with npm run scenario -- --backend docker");
const loaded = await loadProfile("sample");
const files = composeFiles(buildPlan(buildRunConfig(composePlanRequest, loaded), loaded.profile, loaded.dir));
for (const [name, text] of Object.entries(files) as [string, string][]) {
  const path = join(projectRoot(), name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  console.log(`session-harness compose: wrote ${name}`);
}
