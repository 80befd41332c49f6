// A small rasterizer for the SVG subset the icon sources use — <rect> (with rx), <circle>,
// <polygon> and <path> (M L H V C Q Z, absolute and relative), flat fills, fill-opacity,
// fill-rule, and fill="clear" (punches a hole, for badges) — so the icons build from their
// SVG sources with Node alone. Anti-aliased by exact horizontal coverage over 16 (small
// sizes) or 4 (large) sub-scanlines per pixel; deterministic, so output can be compared.

/** Shapes of an SVG document, in paint order, in viewBox units. */
export function parseSvg(text) {
  const svg = /<svg\b([^>]*)>/.exec(text);
  if (!svg) throw new Error('not an SVG document');
  const viewBox = (attributes(svg[1]).viewBox ?? '').split(/[\s,]+/).map(Number);
  if (viewBox.length !== 4 || viewBox.some((n) => !Number.isFinite(n))) throw new Error('the <svg> needs a viewBox');
  const shapes = [];
  for (const match of text.matchAll(/<(rect|circle|polygon|path)\b([^>]*)\/?>/g)) {
    const attrs = attributes(match[2]);
    if (attrs.fill === 'none') continue;
    shapes.push({
      polygons: toPolygons(match[1], attrs),
      fill: attrs.fill ?? '#000000',
      opacity: Number(attrs['fill-opacity'] ?? attrs.opacity ?? 1),
      evenOdd: attrs['fill-rule'] === 'evenodd',
    });
  }
  return { viewBox, shapes };
}

function attributes(text) {
  return Object.fromEntries([...text.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const KAPPA = 0.5522847498;

function toPolygons(tag, a) {
  const n = (name, fallback = 0) => Number(a[name] ?? fallback);
  if (tag === 'rect') {
    const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
    const r = Math.min(n('rx', a.ry ?? 0), w / 2, h / 2);
    if (r <= 0) return [[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]];
    const k = r * KAPPA;
    return pathPolygons(
      `M${x + r} ${y}H${x + w - r}C${x + w - r + k} ${y} ${x + w} ${y + r - k} ${x + w} ${y + r}V${y + h - r}` +
        `C${x + w} ${y + h - r + k} ${x + w - r + k} ${y + h} ${x + w - r} ${y + h}H${x + r}` +
        `C${x + r - k} ${y + h} ${x} ${y + h - r + k} ${x} ${y + h - r}V${y + r}C${x} ${y + r - k} ${x + r - k} ${y} ${x + r} ${y}Z`,
    );
  }
  if (tag === 'circle') {
    const [cx, cy, r] = [n('cx'), n('cy'), n('r')];
    return [Array.from({ length: 96 }, (_, i) => [cx + r * Math.cos((i / 96) * 2 * Math.PI), cy + r * Math.sin((i / 96) * 2 * Math.PI)])];
  }
  if (tag === 'polygon') {
    const v = (a.points ?? '').trim().split(/[\s,]+/).map(Number);
    const points = [];
    for (let i = 0; i + 1 < v.length; i += 2) points.push([v[i], v[i + 1]]);
    return [points];
  }
  return pathPolygons(a.d ?? '');
}

function pathPolygons(d) {
  const tokens = d.match(/[MmLlHhVvCcQqZz]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const polygons = [];
  let current = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let command = '';
  let i = 0;
  const num = () => {
    const value = Number(tokens[i++]);
    if (!Number.isFinite(value)) throw new Error(`bad number in path: ${d}`);
    return value;
  };
  const close = () => {
    if (current.length > 2) polygons.push(current);
    current = [];
  };
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i])) command = tokens[i++];
    const rel = command === command.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    switch (command.toUpperCase()) {
      case 'M':
        close();
        x = ox + num();
        y = oy + num();
        startX = x;
        startY = y;
        current.push([x, y]);
        command = rel ? 'l' : 'L'; // further pairs are line-tos
        break;
      case 'L':
        x = ox + num();
        y = oy + num();
        current.push([x, y]);
        break;
      case 'H':
        x = ox + num();
        current.push([x, y]);
        break;
      case 'V':
        y = oy + num();
        current.push([x, y]);
        break;
      case 'C': {
        const [x1, y1, x2, y2, x3, y3] = [ox + num(), oy + num(), ox + num(), oy + num(), ox + num(), oy + num()];
        for (let s = 1; s <= 24; s++) {
          const t = s / 24;
          const u = 1 - t;
          current.push([u * u * u * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3, u * u * u * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3]);
        }
        x = x3;
        y = y3;
        break;
      }
      case 'Q': {
        const [x1, y1, x2, y2] = [ox + num(), oy + num(), ox + num(), oy + num()];
        for (let s = 1; s <= 16; s++) {
          const t = s / 16;
          const u = 1 - t;
          current.push([u * u * x + 2 * u * t * x1 + t * t * x2, u * u * y + 2 * u * t * y1 + t * t * y2]);
        }
        x = x2;
        y = y2;
        break;
      }
      case 'Z':
        close();
        x = startX;
        y = startY;
        break;
      default:
        throw new Error(`unsupported path command '${command}' in: ${d}`);
    }
  }
  close();
  return polygons;
}

function parseColor(fill) {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(fill);
  if (!hex) throw new Error(`unsupported fill '${fill}' (use #rgb, #rrggbb, none or clear)`);
  const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
  return [0, 2, 4].map((o) => parseInt(h.slice(o, o + 2), 16) / 255);
}

/**
 * Renders to RGBA bytes. `crop` overrides the viewBox (to frame a part of the drawing);
 * `monochrome` paints every fill black, keeping its shape and alpha (macOS template images).
 */
export function rasterize(svg, size, { crop, monochrome = false } = {}) {
  const [minX, minY, width] = crop ?? svg.viewBox;
  const scale = size / width;
  const canvas = new Float64Array(size * size * 4); // premultiplied RGBA, 0..1
  const samples = size <= 64 ? 16 : 4;
  const coverage = new Float64Array(size * size);
  for (const shape of svg.shapes) {
    const edges = [];
    for (const polygon of shape.polygons) {
      for (let p = 0; p < polygon.length; p++) {
        const [x0, y0] = polygon[p];
        const [x1, y1] = polygon[(p + 1) % polygon.length];
        if (y0 === y1) continue;
        edges.push([(x0 - minX) * scale, (y0 - minY) * scale, (x1 - minX) * scale, (y1 - minY) * scale]);
      }
    }
    coverShape(edges, shape.evenOdd, size, samples, coverage);
    const clear = shape.fill === 'clear';
    const [r, g, b] = clear || monochrome ? [0, 0, 0] : parseColor(shape.fill);
    for (let i = 0; i < size * size; i++) {
      const a = Math.min(1, coverage[i]) * shape.opacity;
      if (a <= 0) continue;
      const o = i * 4;
      if (clear) {
        for (let c = 0; c < 4; c++) canvas[o + c] *= 1 - a;
      } else {
        canvas[o] = r * a + canvas[o] * (1 - a);
        canvas[o + 1] = g * a + canvas[o + 1] * (1 - a);
        canvas[o + 2] = b * a + canvas[o + 2] * (1 - a);
        canvas[o + 3] = a + canvas[o + 3] * (1 - a);
      }
    }
  }
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const o = i * 4;
    const alpha = canvas[o + 3];
    if (alpha <= 0) continue;
    for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(Math.min(1, canvas[o + c] / alpha) * 255);
    rgba[o + 3] = Math.round(Math.min(1, alpha) * 255);
  }
  return rgba;
}

/** Fills `coverage` (0..1 per pixel) for one shape: exact along x, sampled along y. */
function coverShape(edges, evenOdd, size, samples, coverage) {
  coverage.fill(0);
  const weight = 1 / samples;
  const delta = new Float64Array(size + 2);
  for (let row = 0; row < size; row++) {
    delta.fill(0);
    const base = row * size;
    let touched = false;
    for (let s = 0; s < samples; s++) {
      const y = row + (s + 0.5) / samples;
      const crossings = [];
      for (const [x0, y0, x1, y1] of edges) {
        if ((y < y0) === (y < y1)) continue;
        crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), y1 > y0 ? 1 : -1]);
      }
      if (crossings.length < 2) continue;
      crossings.sort((a, b) => a[0] - b[0]);
      let winding = 0;
      for (let c = 0; c < crossings.length - 1; c++) {
        winding += crossings[c][1];
        const inside = evenOdd ? winding % 2 !== 0 : winding !== 0;
        if (!inside) continue;
        touched = true;
        addSpan(Math.max(0, crossings[c][0]), Math.min(size, crossings[c + 1][0]), weight, base, coverage, delta);
      }
    }
    if (!touched) continue;
    let run = 0;
    for (let x = 0; x < size; x++) {
      run += delta[x];
      coverage[base + x] += run;
    }
  }
}

function addSpan(x0, x1, weight, base, coverage, delta) {
  if (x1 <= x0) return;
  const first = Math.floor(x0);
  const last = Math.floor(x1);
  if (first === last) {
    coverage[base + first] += (x1 - x0) * weight;
    return;
  }
  coverage[base + first] += (first + 1 - x0) * weight;
  // Whole pixels first+1 .. last-1, as a difference array summed once per row.
  delta[first + 1] += weight;
  delta[last] -= weight;
  if (x1 > last) coverage[base + last] += (x1 - last) * weight;
}
