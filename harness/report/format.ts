/** Number formatting shared by the markdown report and the terminal tables. */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const ms = (x: number | undefined): string => (x === undefined ? "-" : `${x.toFixed(1)} ms`);
export const int = (x: number): string => Math.round(x).toLocaleString("en-US");

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
