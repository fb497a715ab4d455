import { COMPOSE_IMAGES } from "../cluster/docker/composeFiles";
import { dockerClient } from "../cluster/docker/dockerClient";
import { ensureDockerImages } from "../cluster/docker/dockerImages";
import { prepareApp } from "../cluster/prepareApp";
import { buildPlan } from "../plan/buildPlan";
import { BUILTIN_PROFILES, loadProfile } from "../profile/loadProfile";
import { buildRunConfig } from "../run/buildRunConfig";

/**
 * Builds, ahead of the first Docker run, every image the built-in apps need
 * (the base with debootstrap, the runtime, one image per app): each is named
 * by its content, so this is quick when nothing changed.
 */
export async function buildDockerImages(log: (line: string) => void): Promise<void> {
  for (const app of Object.keys(BUILTIN_PROFILES)) {
    const loaded = await loadProfile(app).catch((err: unknown) => {
      log(`docker image for ${app}: skipped (${(err as Error).message})`);
      return undefined;
    });
    if (!loaded) continue;
    const plan = buildPlan(buildRunConfig({ backend: "docker" }, loaded), loaded.profile, loaded.dir);
    await prepareApp(plan);
    const images = await ensureDockerImages(plan, log);
    log(`docker image for ${app}: ${images.app ?? "(none: the profile names no image)"}`);
    // docker-compose.yml names stable tags; these point at the images just checked.
    await tag(images.runtime, COMPOSE_IMAGES.runtime);
    if (images.app) await tag(images.app, COMPOSE_IMAGES.app(app));
  }
}

async function tag(image: string, as: string): Promise<void> {
  const [repo = as, tagName = "latest"] = as.split(":");
  await dockerClient().getImage(image).tag({ repo, tag: tagName });
}
