import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('writes both pages and every chart as Vega-Lite JSON and SVG per language, with no temp files left', async () => {
    const dir = await outDir();
    const { files } = await writeReport(buildReportData(), dir);
    const listed = listFiles(dir);
    expect(files.map((f) => relative(dir, f)).sort()).toEqual(listed);
    expect(listed).toContain('index.html');
    expect(listed).toContain('es/index.html');
    const charts = listed.filter((f) => f.startsWith('charts/'));
    expect(charts.length).toBe(14 * 2 * 2);
    for (const name of ['fentanyl-national', 'seizures-fentanyl-us', 'map-methamphetamine', 'alerts']) {
      for (const lang of ['en', 'es'])
        for (const ext of ['svg', 'vl.json']) expect(listed).toContain(`charts/${name}.${lang}.${ext}`);
    }
    expect(listed.some((f) => f.endsWith('.tmp'))).toBe(false);

    const en = readFileSync(join(dir, 'index.html'), 'utf8');
    const es = readFileSync(join(dir, 'es', 'index.html'), 'utf8');
    expect(en).toContain('<html lang="en"');
    expect(es).toContain('<html lang="es"');
    expect(en).toContain('.vegaEmbed=');
    expect(en).toContain('href="charts/map-fentanyl.en.svg"');
    expect(es).toContain('href="../charts/map-fentanyl.es.svg"');
    const spec = JSON.parse(readFileSync(join(dir, 'charts', 'fentanyl-national.es.vl.json'), 'utf8'));
    expect(spec.config.locale.time.months[0]).toBe('enero');
    expect(spec.$schema).toBeUndefined();
    expect(readFileSync(join(dir, 'charts', 'fentanyl-national.es.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('marks every chart file made from demo data in its own title (drawn in the SVG) and metadata; real data not', async () => {
    const demoDir = await outDir();
    await writeReport(buildReportData(), demoDir);
    const charts = listFiles(demoDir).filter((f) => f.startsWith('charts/'));
    const banner = { en: 'DEMO DATA — synthetic numbers', es: 'DATOS DE DEMOSTRACIÓN — cifras sintéticas' };
    const unmarked = charts.filter((f) => {
      const text = readFileSync(join(demoDir, f), 'utf8');
      return !text.includes(f.includes('.es.') ? banner.es : banner.en);
    });
    expect(unmarked).toEqual([]);
    const spec = JSON.parse(readFileSync(join(demoDir, 'charts', 'alerts.en.vl.json'), 'utf8'));
    expect(spec.usermeta.centinelaDemo).toBe(true);

    const realDir = await outDir();
    await writeReport({ ...buildReportData(), demo: false }, realDir);
    const marked = listFiles(realDir)
      .filter((f) => f.startsWith('charts/'))
      .filter((f) =>
        /DEMO DATA|DATOS DE DEMOSTRACI|centinelaDemo/.test(readFileSync(join(realDir, f), 'utf8')),
      );
    expect(marked).toEqual([]);
  });

  it('keeps the SVG of a chart whose spec has not changed, and renders the others', async () => {
    const dir = await outDir();
    const first = await writeReport(buildReportData(), dir);
    expect(first.reused).toBe(0);
    const again = await writeReport(buildReportData(), dir);
    expect(again.rendered).toBe(0);
    expect(again.reused).toBe(first.rendered);
    const changed = buildReportData();
    changed.alerts = changed.alerts.slice(1);
    const third = await writeReport(changed, dir);
    expect(third.rendered).toBe(2); // the alert chart, in each language
    expect(readFileSync(join(dir, 'charts', 'alerts.en.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('reports its progress: rising to 1, one step per chart rendered, none for a chart it keeps', async () => {
    const dir = await outDir();
    const steps: [number, string][] = [];
    const first = await writeReport(buildReportData(), dir, { onProgress: (f, d) => steps.push([f, d]) });
    const fractions = steps.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    const renders = steps.filter(([, d]) => / rendered$/.test(d)).map(([, d]) => d);
    expect(renders).toHaveLength(first.rendered);
    expect(renders.at(-1)).toBe(`chart ${first.rendered} of ${first.rendered} rendered`);
    expect(steps.at(-1)?.[1]).toBe(`${first.files.length} files written`);

    const again: string[] = [];
    await writeReport(buildReportData(), dir, { onProgress: (_, d) => again.push(d) });
    expect(again.filter((d) => d.endsWith(' rendered'))).toEqual([]);
  });

  it('removes chart files left over from an earlier run, and only those', async () => {
    const dir = await outDir();
    await writeReport(buildReportData(), dir);
    writeFileSync(join(dir, 'charts', 'notes-for-slides.txt'), 'mine');
    const { files } = await writeReport(buildReportData({ alerts: [], series: [] }), dir);
    expect(files.some((f) => f.includes('alerts.'))).toBe(false);
    expect(existsSync(join(dir, 'charts', 'alerts.en.svg'))).toBe(false);
    expect(existsSync(join(dir, 'charts', 'seizures-fentanyl-us.es.vl.json'))).toBe(false);
    expect(existsSync(join(dir, 'charts', 'map-fentanyl.en.svg'))).toBe(true);
    expect(existsSync(join(dir, 'charts', 'notes-for-slides.txt'))).toBe(true);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('No alarms in the latest detection run.');
  });
});
