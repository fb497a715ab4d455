import { build } from "esbuild";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Where the bundle goes: the checkout's .build/, git-ignored. */
export const SAMPLE_APP_BUNDLE = join(here, "..", ".build", "sample-app", "app.mjs");

let pending: Promise<void> | undefined;

/**
 * Bundles the sample app into one ESM file that plain `node` starts in well under
 * a second (tsx would compile on every replica start). Built once per harness
 * process: this is the profile's `prepare` step.
 */
export function bundleSampleApp(): Promise<void> {
  pending ??= build({
    entryPoints: [join(here, "main.ts")],
    outfile: SAMPLE_APP_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
    // ioredis is CommonJS and calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }).then(() => undefined);
  return pending;
}
