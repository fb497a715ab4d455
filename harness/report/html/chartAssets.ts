import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** A library's browser build (a file beside its main entry: the packages do not export it), safe to inline in a <script> element. */
function inlineScript(pkg: string, file: string): string {
  return readFileSync(join(dirname(require.resolve(pkg)), file), "utf8").replace(/<\/script/gi, "<\\/script");
}

let cached: string | undefined;

/**
 * Chart.js and its annotation plugin (fault windows), inlined so report.html
 * opens with no network: a CI artifact viewer, an air-gapped laptop, print.
 * Read once per process.
 */
export function chartLibraries(): string {
  cached ??= [inlineScript("chart.js", "chart.umd.min.js"), inlineScript("chartjs-plugin-annotation", "chartjs-plugin-annotation.min.js")].join("\n");
  return cached;
}
