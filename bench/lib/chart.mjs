// The results as a hand-written SVG: one row per path, two panels. Left: p50 latency of
// a sequential echo call (lean client, and the SDK Client beside it). Right: calls/s at 16
// in flight (and at 64). Light background, labels on every bar.

const ROW = 38;
const TOP = 92;
const LABEL_W = 210;
const PANEL_W = 340;
const GAP = 40;
const WIDTH = LABEL_W + PANEL_W * 2 + GAP + 40;
const COLORS = { lean: '#2563eb', sdk: '#93c5fd', c16: '#059669', c64: '#a7f3d0' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtMs = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 1 ? 3 : 2)} ms` : 'n/a');
const fmtRate = (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')}/s` : 'n/a');

/** Bars for one panel: `series` is [{ key, color, value(row), label(v) }], two per row. */
function panel(x, rows, series, title) {
  const max = Math.max(...rows.flatMap((row) => series.map((s) => s.value(row))).filter(Number.isFinite), 1e-9);
  const scale = (PANEL_W - 90) / max;
  const parts = [`<text x="${x}" y="${TOP - 14}" class="panel">${esc(title)}</text>`];
  rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    series.forEach((s, j) => {
      const v = s.value(row);
      const w = Number.isFinite(v) ? Math.max(1, v * scale) : 0;
      const by = y + 4 + j * 14;
      parts.push(`<rect x="${x}" y="${by}" width="${w.toFixed(1)}" height="12" rx="2" fill="${s.color}"/>`);
      parts.push(`<text x="${(x + w + 5).toFixed(1)}" y="${by + 10}" class="value">${esc(s.label(v))}</text>`);
    });
  });
  parts.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + rows.length * ROW}" class="axis"/>`);
  return parts.join('\n');
}

function legend(x, y, items) {
  return items
    .map(([label, color], i) => `<rect x="${x + i * 150}" y="${y - 10}" width="12" height="12" rx="2" fill="${color}"/><text x="${x + i * 150 + 17}" y="${y}" class="legend">${esc(label)}</text>`)
    .join('\n');
}

/** rows: [{ label, highlight, latencyLean, latencySdk, c16, c64 }]; meta: { subtitle } */
export function renderChart(rows, meta) {
  const height = TOP + rows.length * ROW + 56;
  const left = LABEL_W;
  const right = LABEL_W + PANEL_W + GAP;
  const labels = rows
    .map((row, i) => `<text x="${LABEL_W - 12}" y="${TOP + i * ROW + 22}" class="${row.highlight ? 'label strong' : 'label'}" text-anchor="end">${esc(row.label)}</text>`)
    .join('\n');
  const stripes = rows
    .map((_, i) => (i % 2 ? '' : `<rect x="8" y="${TOP + i * ROW}" width="${WIDTH - 16}" height="${ROW}" fill="#f1f5f9"/>`))
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 18px; font-weight: 600; fill: #0f172a; }
  .sub { font-size: 12px; fill: #475569; }
  .panel { font-size: 13px; font-weight: 600; fill: #1e293b; }
  .label { font-size: 13px; fill: #1e293b; }
  .strong { font-weight: 700; }
  .value { font-size: 11px; fill: #334155; }
  .legend { font-size: 12px; fill: #334155; }
  .axis { stroke: #94a3b8; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="16" y="28" class="title">MCP tools/call echo through each path (server-everything upstream)</text>
<text x="16" y="48" class="sub">${esc(meta.subtitle)}</text>
${stripes}
${labels}
${panel(left, rows, [
  { color: COLORS.lean, value: (r) => r.latencyLean, label: fmtMs },
  { color: COLORS.sdk, value: (r) => r.latencySdk, label: fmtMs },
], 'p50 latency, sequential (lower is better)')}
${panel(right, rows, [
  { color: COLORS.c16, value: (r) => r.c16, label: fmtRate },
  { color: COLORS.c64, value: (r) => r.c64, label: fmtRate },
], 'throughput, calls/s (higher is better)')}
${legend(16, height - 22, [
  ['lean client p50', COLORS.lean],
  ['SDK Client p50', COLORS.sdk],
  ['16 in flight', COLORS.c16],
  ['64 in flight', COLORS.c64],
])}
</svg>
`;
}
