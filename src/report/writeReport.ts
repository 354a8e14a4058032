/** Write the bilingual report: two HTML pages plus each chart's Vega-Lite JSON and SVG per language. */

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadVegaAssetsSync } from './assets.ts';
import { renderReportHtml } from './html.ts';
import { LANGS } from './i18n.ts';
import type { ReportData } from './reportData.ts';
import { buildCharts, CHART_NAMES } from './specs.ts';
import { renderSvg } from './svg.ts';

/** Write to a temporary name in the same directory, then rename: readers never see a half-written file. */
async function writeAtomic(path: string, content: string): Promise<void> {
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

/**
 * `outDir/index.html` (English), `outDir/es/index.html` (Spanish), and for each chart and language
 * `outDir/charts/<name>.<lang>.vl.json` and `.svg`. Returns the paths written, in order.
 */
export async function writeReport(data: ReportData, outDir: string): Promise<{ files: string[] }> {
  const assets = loadVegaAssetsSync();
  const files: string[] = [];
  const write = async (relative: string, content: string) => {
    const path = join(outDir, relative);
    await writeAtomic(path, content);
    files.push(path);
  };

  for (const lang of LANGS) {
    const charts = buildCharts(data, lang);
    for (const chart of charts) {
      const base = `charts/${chart.name}.${lang}`;
      await write(`${base}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
      await write(`${base}.svg`, await renderSvg(chart.spec));
    }
    // A chart left out this time (the alert chart when there are no alerts) must not linger from a previous run.
    for (const name of CHART_NAMES.filter((n) => !charts.some((c) => c.name === n))) {
      for (const ext of ['vl.json', 'svg'])
        await rm(join(outDir, 'charts', `${name}.${lang}.${ext}`), { force: true });
    }
  }
  await write('es/index.html', renderReportHtml(data, 'es', assets));
  await write('index.html', renderReportHtml(data, 'en', assets));
  return { files };
}
