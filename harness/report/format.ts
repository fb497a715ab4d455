import { type GateResult, type RunResult } from "./RunResult";

/** Number formatting shared by the markdown report and the terminal tables. */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const ms = (x: number | undefined): string => (x === undefined ? "-" : `${x.toFixed(1)} ms`);
export const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** A gate's measured value as its metric reads: a share for rates, ms for trends, a number otherwise. */
export function gateValue(g: GateResult): string {
  if (g.why !== undefined) return g.why;
  if (Number.isNaN(g.value)) return "not measured";
  if (g.judge === "baseline") return g.metric.startsWith("http_req_duration") ? ms(g.value) : `${pct(g.value)} of ${int(g.samples)}`;
  if (g.threshold.startsWith("rate")) return g.samples === 0 ? "no samples" : `${pct(g.value)} of ${int(g.samples)}`;
  if (/^(avg|min|med|max|p\()/.test(g.threshold)) return ms(g.value);
  return String(+g.value.toFixed(3));
}

/** How a gate is named in tables and JUnit: as the user wrote it, else metric and threshold. */
export const gateName = (g: GateResult): string => (g.judge === "baseline" ? `${g.metric}: no regression vs baseline` : (g.text ?? `${g.metric} ${g.threshold}`));

/** A run's name in a comparison: the config file's, else what sets it apart. */
export function runLabel(r: RunResult): string {
  if (r.config.name !== undefined) return r.config.name;
  const c = r.config.cluster;
  const knobs = Object.entries(c.knobs).map(([k, v]) => `${k}=${v}`);
  return [r.scenario, r.app.name, `store=${c.store}`, `replicas=${c.replicas}`, `lb=${c.lb}`, ...knobs, ...r.config.faults.map((f) => f.text)].join(" · ");
}

/** "app-1 34% · app-2 33% · app-3 33%": who answered, in replica order. */
export function replicaShares(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return "-";
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([name, n]) => `${name} ${Math.round((n / total) * 100)}%`)
    .join(" · ");
}

/** A GitHub-flavoured markdown table; also readable as plain text in a terminal. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
