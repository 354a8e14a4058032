/**
 * Word-sized charts for table cells and headline cards, written directly as small SVG strings: hundreds of them fit
 * in the page at a few hundred bytes each, and they need no script to appear (or to print). The full charts are
 * Vega-Lite; these are their in-line companions.
 */

import { escapeHtml } from './escape.ts';
import type { SparkPoint } from './reportData.ts';

const BAND = '#56B4E9';
const LINE = '#222222';
const ALARM = '#D55E00';
const BASELINE = '#d9d9d9';

const r1 = (n: number) => (Math.round(n * 10) / 10).toString();

interface Frame {
  width: number;
  height: number;
  pad: number;
  x: (i: number) => number;
  y: (v: number) => number;
}

function frame(count: number, values: number[], width: number, height: number, pad = 2.5): Frame {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const span = Math.max(1, count - 1);
  return {
    width,
    height,
    pad,
    x: (i) => pad + (i * (width - 2 * pad)) / span,
    y: (v) => height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo),
  };
}

/** A path through the values, broken (a new move-to) wherever a value is missing. */
function linePath(values: (number | null)[], f: Frame): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${r1(f.x(i))},${r1(f.y(v))}`;
    pen = true;
  });
  return d;
}

/** Closed areas between two bounds, one per run of periods where both are known. */
function bandPath(lower: (number | null)[], upper: (number | null)[], f: Frame): string {
  let d = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) {
      const top = run.map((i) => `${r1(f.x(i))},${r1(f.y(upper[i] as number))}`);
      const bottom = [...run].reverse().map((i) => `${r1(f.x(i))},${r1(f.y(lower[i] as number))}`);
      d += `M${top.join('L')}L${bottom.join('L')}Z`;
    }
    run = [];
  };
  lower.forEach((lo, i) => {
    if (lo === null || upper[i] === null || upper[i] === undefined) flush();
    else run.push(i);
  });
  flush();
  return d;
}

/**
 * An alert's sparkline: the detector's observed values (line), the band from expected value to threshold, the
 * baseline window (grey shade), every alarm (dots) and the alarm of the row (a larger dot, last).
 */
export function alertSparkline(
  points: SparkPoint[],
  opts: {
    label: string;
    baselineStart?: string | null;
    baselineEnd?: string | null;
    width?: number;
    height?: number;
  },
): string {
  const width = opts.width ?? 132;
  const height = opts.height ?? 34;
  if (points.length === 0) return '';
  const observed = points.map((p) => p.observed);
  const expected = points.map((p) => p.expected);
  const threshold = points.map((p) => p.threshold);
  const values = [...observed, ...expected, ...threshold].filter((v): v is number => v !== null);
  const f = frame(points.length, values, width, height);
  const parts: string[] = [];
  if (opts.baselineStart && opts.baselineEnd) {
    const start = opts.baselineStart.slice(0, 7);
    const end = opts.baselineEnd.slice(0, 7);
    const inside = points
      .map((p, i) => [p.end.slice(0, 7), i] as const)
      .filter(([m]) => m >= start && m <= end);
    const a = inside[0]?.[1];
    const b = inside[inside.length - 1]?.[1];
    if (a !== undefined && b !== undefined) {
      const half = points.length > 1 ? (f.x(1) - f.x(0)) / 2 : 2;
      parts.push(
        `<rect x="${r1(f.x(a) - half)}" y="0" width="${r1(f.x(b) - f.x(a) + 2 * half)}" height="${height}" fill="${BASELINE}" opacity="0.55"/>`,
      );
    }
  }
  const band = bandPath(expected, threshold, f);
  if (band) parts.push(`<path d="${band}" fill="${BAND}" opacity="0.45"/>`);
  const line = linePath(observed, f);
  if (line)
    parts.push(`<path d="${line}" fill="none" stroke="${LINE}" stroke-width="1.3" stroke-linejoin="round"/>`);
  points.forEach((p, i) => {
    if (!p.alarm || p.observed === null) return;
    const last = i === points.length - 1;
    parts.push(
      `<circle cx="${r1(f.x(i))}" cy="${r1(f.y(p.observed))}" r="${last ? 3.2 : 1.9}" fill="${ALARM}"${last ? ' stroke="#000" stroke-width="0.8"' : ''}/>`,
    );
  });
  return svg(width, height, opts.label, parts);
}

/** A plain sparkline of a series (headline cards): line broken at gaps, the last value marked. */
export function seriesSparkline(
  values: (number | null)[],
  opts: { label: string; color: string; width?: number; height?: number },
): string {
  const width = opts.width ?? 150;
  const height = opts.height ?? 36;
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const f = frame(values.length, known, width, height);
  const parts = [
    `<path d="${linePath(values, f)}" fill="none" stroke="${escapeHtml(opts.color)}" stroke-width="1.8" stroke-linejoin="round"/>`,
  ];
  const lastIndex = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
  const last = values[lastIndex];
  if (last !== null && last !== undefined)
    parts.push(
      `<circle cx="${r1(f.x(lastIndex))}" cy="${r1(f.y(last))}" r="2.6" fill="${escapeHtml(opts.color)}"/>`,
    );
  return svg(width, height, opts.label, parts);
}

function svg(width: number, height: number, label: string, parts: string[]): string {
  return `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${parts.join('')}</svg>`;
}
