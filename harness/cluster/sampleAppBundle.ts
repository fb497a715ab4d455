import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../tools/projectRoot";

let pending: Promise<string> | undefined;

/**
 * Bundles the sample app into one ESM file that plain `node` starts in well under
 * a second (tsx would compile on every replica start). Built once per harness process.
 */
export function sampleAppBundle(): Promise<string> {
  pending ??= (async () => {
    const outfile = join(projectRoot(), ".build", "sample-app.mjs");
    await build({
      entryPoints: [join(projectRoot(), "sample-app", "main.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      logLevel: "error",
      // ioredis is CommonJS and calls require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return outfile;
  })();
  return pending;
}
