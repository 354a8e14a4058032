import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/writeReport.ts';
import { buildReportData } from '../support/reportData.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'centinela-report-'));
  dirs.push(dir);
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('writeReport', () => {
  it('writes both pages and every chart as Vega-Lite JSON and SVG, with no temp files left', async () => {
    const dir = await outDir();
    const { files } = await writeReport(buildReportData(), dir);
    const expected = [
      'charts/alerts.en.svg',
      'charts/alerts.en.vl.json',
      'charts/alerts.es.svg',
      'charts/alerts.es.vl.json',
      'charts/border-states.en.svg',
      'charts/border-states.en.vl.json',
      'charts/border-states.es.svg',
      'charts/border-states.es.vl.json',
      'charts/national.en.svg',
      'charts/national.en.vl.json',
      'charts/national.es.svg',
      'charts/national.es.vl.json',
      'es/index.html',
      'index.html',
    ];
    expect(files.map((f) => relative(dir, f)).sort()).toEqual(expected);
    expect(listFiles(dir)).toEqual(expected);

    const en = readFileSync(join(dir, 'index.html'), 'utf8');
    const es = readFileSync(join(dir, 'es', 'index.html'), 'utf8');
    expect(en).toContain('<html lang="en"');
    expect(es).toContain('<html lang="es"');
    expect(en).toContain('.vegaEmbed=');
    expect(en.toLowerCase().match(/<\/script/g)?.length).toBe(8); // 3 specs + options + 3 libraries + renderer
    const spec = JSON.parse(readFileSync(join(dir, 'charts', 'national.es.vl.json'), 'utf8'));
    expect(spec.config.locale.time.months[0]).toBe('enero');
    expect(readFileSync(join(dir, 'charts', 'national.es.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('removes an alert chart left over from an earlier run when there are no alerts now', async () => {
    const dir = await outDir();
    await writeReport(buildReportData(), dir);
    const { files } = await writeReport(buildReportData({ alerts: [] }), dir);
    expect(files.some((f) => f.includes('alerts'))).toBe(false);
    expect(existsSync(join(dir, 'charts', 'alerts.en.svg'))).toBe(false);
    expect(existsSync(join(dir, 'charts', 'alerts.es.vl.json'))).toBe(false);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('No alerts in the latest detection run.');
  });
});
