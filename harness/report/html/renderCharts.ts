import { chartLibraries } from "./chartAssets";
import { type ChartData } from "./chartData";

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that cannot close the <script> element it sits in. */
const json = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");

export const CHART_STYLE = `
  .chart { position: relative; height: 260px; margin: .5rem 0 1.5rem; break-inside: avoid; }
  .charts-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
  .heat td.n { text-align: right; min-width: 3.5rem; } .heat th.row { background: #f6f8fa; }
  @media print { body { max-width: none; } .chart { height: 220px; } a { color: inherit; } }
`;

/**
 * The browser side: draws every `.chart` element from its JSON, shades fault
 * windows, then marks the element with what it drew (data-points, and
 * data-ink: painted pixels) so a headless browser can prove the charts are
 * there with data. Written as plain ES2017 (the page's only code).
 */
const DRAW = `
(function () {
  if (window['chartjs-plugin-annotation'] && window.Chart.register) window.Chart.register(window['chartjs-plugin-annotation']);
  var shades = ['rgba(207,34,46,0.10)', 'rgba(9,105,218,0.10)', 'rgba(130,80,223,0.10)', 'rgba(191,135,0,0.12)'];
  function annotations(windows) {
    var out = {};
    windows.forEach(function (w, i) {
      out['w' + i] = { type: 'box', xMin: w.from, xMax: w.to, backgroundColor: shades[i % shades.length], borderWidth: 0,
        label: { display: true, content: w.label, position: { x: 'start', y: 'start' }, font: { size: 10 }, color: '#57606a' } };
    });
    return out;
  }
  // A percentage axis says so on every tick: 0.5 reads "0.5%", never a share of 1.
  function ticks(spec) {
    return spec.yUnit ? { callback: function (v) { return v + spec.yUnit; } } : {};
  }
  function ink(canvas) {
    var ctx = canvas.getContext('2d'), d = ctx.getImageData(0, 0, canvas.width, canvas.height).data, n = 0;
    for (var i = 3; i < d.length; i += 16) if (d[i] > 0) n++;
    return n;
  }
  document.querySelectorAll('.chart[data-spec]').forEach(function (el) {
    var spec = JSON.parse(el.getAttribute('data-spec'));
    var canvas = el.querySelector('canvas');
    var chart = new window.Chart(canvas, {
      type: spec.type || 'line',
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: spec.type === 'bar',
        interaction: { mode: 'nearest', intersect: false },
        scales: spec.type === 'bar' ? { y: { title: { display: true, text: spec.yTitle }, ticks: ticks(spec) } } : {
          x: { type: 'linear', title: { display: true, text: 'seconds into the load' }, min: 0 },
          y: { title: { display: true, text: spec.yTitle }, beginAtZero: true, ticks: ticks(spec) } },
        plugins: { title: { display: true, text: spec.title }, annotation: { annotations: annotations(spec.windows || []) },
          legend: { display: spec.legend === true || spec.datasets.length > 1 } },
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } }
      }
    });
    chart.draw();
    var points = spec.datasets.reduce(function (n, d) { return n + d.data.length; }, 0);
    el.setAttribute('data-points', String(points));
    el.setAttribute('data-windows', String((spec.windows || []).length));
    el.setAttribute('data-ink', String(ink(canvas)));
  });
  document.body.setAttribute('data-charts', String(document.querySelectorAll('.chart[data-ink]').length));
})();
`;

export interface ChartSpec {
  title: string;
  yTitle: string;
  /** Appended to every tick of the y axis ("%"). */
  yUnit?: string;
  /** Show the legend even for one series: when it says what the values are shares of. */
  legend?: boolean;
  type?: "line" | "bar";
  labels?: string[];
  datasets: { label: string; data: unknown[]; borderColor?: string; backgroundColor?: string }[];
  windows?: ChartData["windows"];
}

/** One chart element: its spec travels as JSON in the markup, so the page holds its own data. */
export function chartElement(id: string, spec: ChartSpec): string {
  return `<div class="chart" id="${escape(id)}" data-spec="${escape(json(spec))}"><canvas role="img" aria-label="${escape(spec.title)}"></canvas></div>`;
}

/** The y axis of a chart of rates, each of its own requests: the legend names them ("logouts (% of authenticated requests)"). */
export const RATE_AXIS = "% of the rate's requests (legend)";

const points = (x: number[], y: readonly (number | null)[]): { x: number; y: number | null }[] => x.map((xi, i) => ({ x: xi, y: y[i] ?? null }));

/**
 * The anomaly-rate chart: per second, each rate in % of its own samples that
 * second (logouts of authenticated requests, …, as the tables count them;
 * the legend says of what), fault windows shaded. A second without samples
 * of a rate is a gap, not a 0.
 */
export function rateChart(id: string, d: ChartData, title = "Anomaly rates per second, each of its own requests as in the tables"): string {
  const datasets = d.rates.length > 0 ? d.rates.map((r) => ({ label: r.label, data: points(d.x, r.y), borderColor: r.colour, backgroundColor: r.colour })) : [{ label: "anomalies", data: points(d.x, d.x.map(() => 0)), borderColor: "#1a7f37" }];
  const yTitle = d.denominator === "own" ? RATE_AXIS : "% of requests";
  return chartElement(id, { title: d.denominator === "own" ? title : "Anomalies per second, in % of that second's requests", yTitle, yUnit: "%", legend: true, datasets, windows: d.windows });
}

export function latencyChart(id: string, d: ChartData): string {
  return chartElement(id, {
    title: "Request duration per second (from the history)",
    yTitle: "ms",
    datasets: [
      { label: "p50", data: points(d.x, d.p50), borderColor: "#0969da" },
      { label: "p95", data: points(d.x, d.p95), borderColor: "#cf222e" },
    ],
    windows: d.windows,
  });
}

/** Writer × reader as a table whose cells darken with the count: prints, and needs no script. */
export function heatMap(d: ChartData): string {
  const { sources, readers, counts } = d.heat;
  if (sources.length === 0) return "";
  const max = Math.max(1, ...counts.flat());
  const cell = (n: number): string => {
    const a = n === 0 ? 0 : 0.12 + 0.78 * (n / max);
    return `<td class="n" style="background: rgba(207,34,46,${a.toFixed(2)}); color: ${a > 0.55 ? "#fff" : "#1b1f24"}">${n}</td>`;
  };
  const head = `<tr><th>written / created by ↓ · read by →</th>${readers.map((r) => `<th>${escape(r)}</th>`).join("")}</tr>`;
  const rows = sources.map((s, i) => `<tr><th class="row">${escape(s)}</th>${(counts[i] ?? []).map(cell).join("")}</tr>`);
  return `<table class="heat" id="heat-map">${head}${rows.join("")}</table>`;
}

/** The libraries and the drawing code, once per page. */
export const chartScripts = (): string => `<script>${chartLibraries()}</script>\n<script>${DRAW}</script>`;
