import { build, type BuildOptions } from "esbuild";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../tools/projectRoot";

/** The runnable scenarios: the .ts files directly in scenarios/ (lib/ and common/ are helpers). */
export function listScenarios(root = projectRoot()): string[] {
  return readdirSync(join(root, "scenarios"), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => e.name.slice(0, -".ts".length))
    .sort();
}

/** Where `bundleScenario(name)` writes, e.g. .build/scenarios/login-loop.js. */
export function bundlePath(name: string, root = projectRoot()): string {
  return join(root, ".build", "scenarios", `${name}.js`);
}

function buildOptions(name: string, root: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, "scenarios", `${name}.ts`)],
    outfile: bundlePath(name, root),
    // One file per scenario with lib/ and common/ inlined: k6 then needs nothing
    // but the script, and `k6 archive` or a container gets a single artefact.
    bundle: true,
    // k6's modules exist only inside its runtime; they stay imports.
    external: ["k6", "k6/*"],
    // k6 loads ES modules and reads `options`, `default` and `handleSummary`
    // from the module's exports, so the exports must survive bundling.
    format: "esm",
    // No Node or browser assumptions: the script runs in Sobek, k6's Go JS VM.
    platform: "neutral",
    // Probed on k6 v2.2.0: ES2022 syntax (class fields and static blocks, `#x in o`,
    // `??=`, numeric separators, BigInt) runs as is; the one gap found is the
    // RegExp `d` flag, which no target lowers, so the scenarios do not use it.
    target: "es2022",
    tsconfig: join(root, "scenarios", "tsconfig.json"),
    // k6 maps stack traces through an inline source map, so a script exception
    // names the line in scenarios/*.ts rather than in the bundle.
    sourcemap: "inline",
    sourcesContent: false,
    // Unminified: the bundle is what someone opens when a run misbehaves.
    minify: false,
    legalComments: "none",
    // Failures are thrown with esbuild's messages; nothing is printed on success.
    logLevel: "silent",
  };
}

/** Bundles scenarios/<name>.ts for k6 and returns the bundle's path. */
export async function bundleScenario(name: string, root = projectRoot()): Promise<string> {
  const allowed = listScenarios(root);
  if (!allowed.includes(name)) {
    throw new Error(`unknown scenario ${JSON.stringify(name)}; allowed: ${allowed.join(", ") || "(none in scenarios/)"}`);
  }
  try {
    await build(buildOptions(name, root));
  } catch (err) {
    const messages = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    if (!messages?.length) throw err;
    const detail = messages.map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text));
    throw new Error(`cannot bundle scenario ${name}:\n  ${detail.join("\n  ")}`, { cause: err });
  }
  return bundlePath(name, root);
}
