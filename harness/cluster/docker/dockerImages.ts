import { isAbsolute, join } from "node:path";
import { replicaParts, type Plan } from "../../plan/Plan";
import { fillPath } from "../../profile/placeholders";
import { projectRoot } from "../../tools/projectRoot";
import { ensureAppImage, ensureBaseImage, ensureRuntimeImage } from "./images";

export interface DockerImages {
  base: string;
  /** Runs Redis, Toxiproxy and nginx. */
  runtime: string;
  /** The replicas'; undefined when the profile names none (then the backend refuses the plan). */
  app: string | undefined;
}

/** Every image a plan needs, built if missing (see images.ts). */
export async function ensureDockerImages(plan: Plan, log: (line: string) => void): Promise<DockerImages> {
  const base = (await ensureBaseImage(log)).tag;
  const runtime = (await ensureRuntimeImage(base, log)).tag;
  const spec = replicaParts(plan)[0]?.launch.image;
  if (!spec) return { base, runtime, app: undefined };
  if ("name" in spec) return { base, runtime, app: spec.name };
  const values = { profileDir: plan.profileDir, projectRoot: projectRoot(), node: process.execPath };
  const context = fillPath(spec.context, values, plan.profileDir);
  const dockerfile = isAbsolute(spec.dockerfile) ? spec.dockerfile : join(plan.profileDir, spec.dockerfile);
  return { base, runtime, app: (await ensureAppImage(plan.app, dockerfile, context, runtime, log)).tag };
}
