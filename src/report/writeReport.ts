/** Write the bilingual report: two HTML pages plus each chart's Vega-Lite JSON and SVG per language. */

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../core/lang.ts';
import { loadVegaAssetsSync } from './assets.ts';
import type { NamedChart } from './charts/chart.ts';
import { renderReportHtml } from './html.ts';
import { LANGS, strings } from './i18n.ts';
import type { ReportData } from './reportData.ts';
import { buildCharts } from './specs.ts';
import { defaultWorkers, renderSvgs } from './svg.ts';

/** Write to a temporary name in the same directory, then rename: readers never see a half-written file. */
export async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The demo banner as the chart's subtitle (drawn in the SVG), and a flag in its metadata for programs. */
export function markDemo(spec: TopLevelSpec, lang: Lang): TopLevelSpec {
  const banner = strings(lang).demoBanner;
  const title = spec.title;
  const base = typeof title === 'string' || Array.isArray(title) ? { text: title } : (title ?? { text: '' });
  const subtitle =
    base.subtitle === undefined ? [] : Array.isArray(base.subtitle) ? base.subtitle : [base.subtitle];
  return {
    ...spec,
    title: { ...base, subtitle: [banner, ...subtitle], subtitleColor: '#c00000', subtitleFontWeight: 'bold' },
    usermeta: { ...(spec.usermeta ?? {}), centinelaDemo: true },
  } as TopLevelSpec;
}

/** A chart file this report writes: `<name>.<lang>.vl.json` or `<name>.<lang>.svg`. */
const CHART_FILE = /^[a-z0-9-]+\.(en|es)\.(vl\.json|svg)$/;

/** How far a report is (0 … 1) and what it is doing. */
export type ReportProgress = (fraction: number, detail: string) => void;

export interface WriteReportResult {
  files: string[];
  /** Milliseconds spent per step, for the benchmark (svg: waiting for the SVGs once the pages are written). */
  timings: { specs: number; html: number; svg: number; total: number };
  /** Charts rendered now, and those whose unchanged spec kept the SVG of the previous report. */
  rendered: number;
  reused: number;
}

/**
 * `outDir/index.html` (English), `outDir/es/index.html` (Spanish), and for each chart and language
 * `outDir/charts/<name>.<lang>.vl.json` and `.svg`. Returns the paths written, in order.
 */
export async function writeReport(
  data: ReportData,
  outDir: string,
  opts: { workers?: number; onProgress?: ReportProgress } = {},
): Promise<WriteReportResult> {
  // Never backwards: with worker threads, charts may finish before the pages are written.
  let shown = 0;
  const progress: ReportProgress = (fraction, detail) => {
    shown = Math.max(shown, fraction);
    opts.onProgress?.(shown, detail);
  };
  const started = performance.now();
  const assets = loadVegaAssetsSync();
  const files: string[] = [];
  const write = async (relative: string, content: string) => {
    const path = join(outDir, relative);
    await writeAtomic(path, content);
    files.push(path);
  };

  const charts: { lang: Lang; chart: NamedChart }[] = [];
  const byLang = new Map<Lang, NamedChart[]>();
  for (const lang of LANGS) {
    const built = buildCharts(data, lang);
    byLang.set(lang, built);
    for (const chart of built) charts.push({ lang, chart });
  }
  const specsDone = performance.now();
  progress(0.1, 'charts specified');

  // A chart file leaves the page that explains it: from demo data, it says so in its own title.
  if (data.demo) for (const c of charts) c.chart = { ...c.chart, spec: markDemo(c.chart.spec, c.lang) };
  // A chart whose spec is unchanged since the last report keeps its SVG (a scheduled run often brings no new data).
  const specTexts = charts.map((c) => `${JSON.stringify(c.chart.spec, null, 2)}\n`);
  const reused = await Promise.all(
    charts.map(async ({ lang, chart }, i) => {
      const base = join(outDir, 'charts', `${chart.name}.${lang}`);
      const [spec, svg] = await Promise.all([
        readFile(`${base}.vl.json`, 'utf8').catch(() => null),
        readFile(`${base}.svg`, 'utf8').catch(() => null),
      ]);
      return spec === specTexts[i] && svg?.startsWith('<svg') ? svg : null;
    }),
  );
  const toRender = charts.map((c, i) => ({ spec: c.chart.spec, i })).filter((x) => reused[x.i] === null);
  // With worker threads (cores to spare), SVGs render while the pages are written here; without, they start
  // only after the pages (JavaScript on one thread gains nothing from interleaving) so each step is timed apart.
  const useWorkers = (opts.workers ?? defaultWorkers()) > 1;
  // Rendering SVGs is most of a report's time: it fills 0.3 … 0.95 of the progress.
  const onRendered = (done: number) =>
    progress(0.3 + (0.65 * done) / toRender.length, `chart ${done} of ${toRender.length} rendered`);
  const startSvgs = () =>
    renderSvgs(
      toRender.map((x) => x.spec),
      { ...(opts.workers !== undefined ? { workers: opts.workers } : {}), onRendered },
    );
  const early = useWorkers ? startSvgs() : undefined;
  early?.catch(() => undefined);
  let htmlMs = 0;
  for (const lang of ['es', 'en'] as const) {
    const t = performance.now();
    const html = renderReportHtml(data, lang, assets, byLang.get(lang));
    htmlMs += performance.now() - t;
    await write(lang === 'en' ? 'index.html' : 'es/index.html', html);
  }
  progress(0.3, 'pages written');
  const svgStart = performance.now();
  const fresh = await (early ?? startSvgs());
  const svgWait = performance.now() - svgStart;
  const rendered = [...reused];
  toRender.forEach((x, k) => {
    rendered[x.i] = fresh[k] ?? '';
  });
  const keep = new Set<string>();
  for (const [i, { lang, chart }] of charts.entries()) {
    const base = `${chart.name}.${lang}`;
    keep.add(`${base}.vl.json`).add(`${base}.svg`);
    await write(`charts/${base}.vl.json`, specTexts[i] ?? '');
    await write(`charts/${base}.svg`, rendered[i] ?? '');
  }
  // A chart left out this time (a source no longer there, no alerts) must not linger from a previous run.
  const existing = await readdir(join(outDir, 'charts')).catch(() => [] as string[]);
  for (const name of existing)
    if (CHART_FILE.test(name) && !keep.has(name)) await rm(join(outDir, 'charts', name), { force: true });
  const total = performance.now() - started;
  progress(1, `${files.length} files written`);
  return {
    files,
    timings: { specs: specsDone - started, html: htmlMs, svg: svgWait, total },
    rendered: toRender.length,
    reused: charts.length - toRender.length,
  };
}
