import { storeMemoryLabel } from "../config/storeMemory";
import { minReplicasLabel } from "../config/storeMinReplicas";
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

/**
 * What describes a run's setup, in order: `what` it is, how it reads, and
 * whether the full description names it (the rest are named only where runs
 * differ in them).
 */
function facets(r: RunResult): { what: string; text: string; always: boolean }[] {
  const c = r.config.cluster;
  const l = r.config.load;
  const f = (what: string, text: string, always: boolean) => ({ what, text, always });
  const faults = faultTexts(r).join(" + ");
  return [
    f("scenario", r.scenario, true),
    f("app", r.app.name, true),
    f("backend", `backend=${c.backend}`, false),
    f("store", `store=${c.store}`, true),
    ...(c.storeMemory === undefined ? [] : [f("store memory", storeMemoryLabel(c.storeMemory), true)]),
    ...(c.storePersistence === undefined ? [] : [f("store persistence", `appendfsync ${c.storePersistence}`, true)]),
    ...(c.storeReplicas === undefined ? [] : [f("store replicas", `store-replicas=${c.storeReplicas}`, true)]),
    ...(c.storeMinReplicas === undefined ? [] : [f("store min replicas", minReplicasLabel(c.storeMinReplicas), true)]),
    f("replicas", `replicas=${c.replicas}`, true),
    f("lb", `lb=${c.lb}`, true),
    f("proxy-buffering", `proxy-buffering=${c.proxyBuffering ?? "on"}`, false),
    f("tls", c.tls === true ? "tls" : "no tls", false),
    ...Object.entries(c.knobs).map(([k, v]) => f(`knob ${k}`, `${k}=${v}`, true)),
    f("faults", faults === "" ? "no fault" : faults, faults !== ""),
    f("vus", `vus=${l.vus}`, false),
    f("duration", `duration=${l.duration}`, false),
    ...(l.iterations === undefined ? [] : [f("iterations", `iterations=${l.iterations}`, false)]),
    f("views", `views=${l.views}`, false),
    f("think", `think=${l.thinkMs}ms`, false),
  ];
}

/** The faults as the user wrote them: a rolling restart, fanned out into a restart per replica, is one text. */
export function faultTexts(r: RunResult): string[] {
  return [...new Set(r.config.faults.map((f) => f.text))];
}

/** A run's name in a comparison: the config file's, else its whole setup. */
export function runLabel(r: RunResult): string {
  if (r.config.name !== undefined) return r.config.name;
  return facets(r)
    .filter((x) => x.always)
    .map((x) => x.text)
    .join(" · ");
}

/**
 * Short names for runs side by side: what differs between them
 * (`store=memory`, `store=redis`), so a chart's labels stay short. The config
 * file's names when every run has its own; `run N` for runs set up alike;
 * the whole setup for a run alone. Pure.
 */
export function distinguishingLabels(results: readonly RunResult[]): string[] {
  const names = results.map((r) => r.config.name);
  if (names.every((n) => n !== undefined) && new Set(names).size === names.length) return names;
  if (results.length === 1) return results.map(runLabel);
  const all = results.map((r) => new Map(facets(r).map((x) => [x.what, x.text])));
  const order = [...new Set(results.flatMap((r) => facets(r).map((x) => x.what)))];
  const varying = order.filter((what) => new Set(all.map((m) => m.get(what))).size > 1);
  return all.map((m, i) => (varying.length === 0 ? `run ${i + 1}` : varying.flatMap((what) => m.get(what) ?? []).join(" · ")));
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
