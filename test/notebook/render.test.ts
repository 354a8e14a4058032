import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotebookError, notebookRender, renderNotebook } from '../../src/notebook/render.ts';
import { openWarehouse } from '../../src/warehouse/connection.ts';

let dir: string;
let warehouse: string;
const assets = { vega: '/*VEGA*/', vegaLite: '/*VEGA-LITE*/', vegaEmbed: '/*VEGA-EMBED*/' };

/** A small warehouse file: a few observations and a demo load. */
async function makeWarehouse(path: string, demo: boolean): Promise<void> {
  const wh = await openWarehouse(path);
  try {
    await wh.connection.run(`
      CREATE SCHEMA analytics; CREATE SCHEMA meta;
      CREATE TABLE meta.loads (load_id BIGINT, demo BOOLEAN, status VARCHAR);
      INSERT INTO meta.loads VALUES (1, ${demo}, 'loaded');
      CREATE TABLE analytics.observations (geo_code VARCHAR, period_end DATE, value DOUBLE, status VARCHAR, note VARCHAR);
      INSERT INTO analytics.observations
      SELECT g, last_day(DATE '2024-01-01' + INTERVAL (i) MONTH), 100 + i * 10, 'reported',
             '<script>window.__pwned=1</script>"''</script>'
      FROM range(6) AS r(i) CROSS JOIN (VALUES ('AZ'), ('TX')) AS t(g);`);
  } finally {
    wh.closeSync();
  }
}

function notebook(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const GOOD = `::: en
# Deaths by state
:::
::: es
# Muertes por estado
:::

\`\`\`sql monthly rows=2
SELECT geo_code, period_end, value, note
FROM analytics.observations
ORDER BY geo_code, period_end
\`\`\`

\`\`\`sql totals
SELECT geo_code, sum(value) AS total FROM monthly GROUP BY geo_code ORDER BY geo_code
\`\`\`

\`\`\`vega-lite monthly
{
  "title": {"en": "Deaths", "es": "Muertes"},
  "mark": "line",
  "encoding": {
    "x": {"field": "period_end", "type": "temporal", "timeUnit": "yearmonth"},
    "y": {"field": "value", "type": "quantitative"},
    "color": {"field": "geo_code", "type": "nominal"},
    "tooltip": [{"field": "period_end", "type": "temporal"}]
  }
}
\`\`\`
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-notebook-'));
  warehouse = join(dir, 'centinela.duckdb');
  await makeWarehouse(warehouse, true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderNotebook', () => {
  it('runs the named queries read-only, lets later blocks use earlier ones, and charts them', async () => {
    const file = notebook('good.md', GOOD);
    const r = await renderNotebook(file, { warehouse, outDir: join(dir, 'out'), assets, cwd: dir });
    expect(r).toMatchObject({ notebook: 'good.md', demo: true, errors: [], queries: 2, charts: 1 });
    expect(r.out).toBe(join(dir, 'out', 'good.html'));
    const html = readFileSync(r.out, 'utf8');
    expect(html).toContain('<p class="demo-banner" role="alert"><span data-lang="en">DEMO DATA');
    expect(html).toContain(
      '<title>DEMO DATA — synthetic numbers, not real figures · Deaths by state</title>',
    );
    expect(html).toContain('<span data-lang="en">Showing 2 of 12 rows.</span>');
    expect(html).toMatch(/<td>TX<\/td><td class="num">750<\/td>/);
    // Dataset strings are escaped in tables and in the JSON the charts read.
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&#39;&lt;/script&gt;');
    const specs = [
      ...html.matchAll(/<script type="application\/json" id="nb-spec-1-(en|es)">([^<]*)<\/script>/g),
    ];
    expect(specs.map((m) => m[1])).toEqual(['en', 'es']);
    const [en, es] = specs.map((m) => JSON.parse(m[2] ?? ''));
    expect(en.title).toBe('Deaths');
    expect(es.title).toBe('Muertes');
    expect(es.config.locale.time.months[0]).toBe('enero');
    expect(en.encoding.x).toMatchObject({ timeUnit: 'utcyearmonth' });
    expect(en.encoding.tooltip[0].scale).toEqual({ type: 'utc' });
    expect(en.data).toEqual({ name: 'monthly' });
    const datasets = JSON.parse(
      /<script type="application\/json" id="nb-datasets">([^<]*)<\/script>/.exec(html)?.[1] ?? '',
    );
    expect(datasets.monthly).toHaveLength(12);
    expect(datasets.monthly[0]).toMatchObject({ geo_code: 'AZ', period_end: '2024-01-31', value: 100 });
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('names the notebook, block and line of a failing query, shows it in place, and goes on', async () => {
    const file = notebook(
      'bad.md',
      '# Bad\n\n```sql ok\nSELECT 1 AS one\n```\n\n```sql broken\nSELECT geo_code\nFROM analytics.observations\nJOIN nowhere USING (geo_code)\n```\n\n```vega-lite broken\n{"mark": "bar"}\n```\n\n```vega-lite ok\n{"mark": "bar",\n "encoding": {"x": {"field": "one" "type": "quantitative"}}}\n```\n\n```vega-lite\n{"mark": "point"}\n```\n\n```vega-lite missing\n{"mark": "point"}\n```\n',
    );
    const r = await renderNotebook(file, { warehouse, outDir: join(dir, 'out'), assets, cwd: dir });
    expect(r.errors.map((e) => [e.block, e.kind, e.line])).toEqual([
      ['broken', 'sql', 10],
      ['chart 1', 'vega-lite', 13],
      ['chart 2', 'vega-lite', 19],
      ['chart 3', 'vega-lite', 22],
      ['chart 4', 'vega-lite', 26],
    ]);
    expect(r.errors[0]?.message).toMatch(/^Catalog Error: Table with name nowhere does not exist!/);
    expect(r.errors[1]?.message).toBe('query "broken" failed, so this chart cannot be drawn');
    expect(r.errors[2]?.message).toMatch(/^not valid JSON/);
    expect(r.errors[3]?.message).toMatch(/names no query/);
    expect(r.errors[4]?.message).toBe('query "missing" is not defined above this chart');
    const html = readFileSync(r.out, 'utf8');
    expect(html).toContain('bad.md: block &quot;broken&quot; (sql, line 10): Catalog Error');
    expect(html).toContain('<div class="block-error" role="alert">');
  });

  it('keeps the warehouse read-only', async () => {
    const before = statSync(warehouse).mtimeMs;
    const file = notebook(
      'write.md',
      '```sql sneaky\nCREATE TABLE analytics.x AS SELECT 1\n```\n\n```sql sneakier\nDELETE FROM analytics.observations\n```\n',
    );
    const r = await renderNotebook(file, { warehouse, outDir: join(dir, 'out'), assets, cwd: dir });
    expect(r.errors.map((e) => e.block)).toEqual(['sneaky', 'sneakier']);
    for (const e of r.errors) expect(e.message).toMatch(/read-only/);
    expect(statSync(warehouse).mtimeMs).toBe(before);
  });

  it('reports a syntax error of the notebook itself with its line, and writes nothing', async () => {
    const file = notebook('syntax.md', '# T\n\n```sql\nSELECT 1\n```\n');
    await expect(
      renderNotebook(file, { warehouse, outDir: join(dir, 'out'), assets, cwd: dir }),
    ).rejects.toThrow(
      new NotebookError([
        {
          notebook: 'syntax.md',
          block: '',
          kind: 'notebook',
          line: 3,
          message: 'a ```sql block needs a name: ```sql my_query',
        },
      ]),
    );
    expect(existsSync(join(dir, 'out', 'syntax.html'))).toBe(false);
  });

  it('says nothing about demo data for a real warehouse', async () => {
    const real = join(dir, 'real.duckdb');
    await makeWarehouse(real, false);
    const r = await renderNotebook(notebook('real.md', GOOD), {
      warehouse: real,
      outDir: join(dir, 'real'),
      assets,
    });
    expect(r.demo).toBe(false);
    expect(readFileSync(r.out, 'utf8')).not.toContain('DEMO DATA');
  });
});

describe('notebook prose', () => {
  it('renders tables, nested lists and an image beside the notebook; a remote image is reported, not requested', async () => {
    const folder = join(dir, 'prose');
    mkdirSync(join(folder, 'img'), { recursive: true });
    // A real 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    writeFileSync(join(folder, 'img', 'trend.png'), png);
    const file = join(folder, 'prose.md');
    writeFileSync(
      file,
      '# Prose\n\n| state | note |\n| --- | --- |\n| AZ | <b>up</b> |\n\n- US\n  - Arizona\n- Mexico\n\n```sql one\nSELECT 1 AS x\n```\n\n![The trend](img/trend.png)\n\n![Remote](https://example.org/x.png)\n',
    );
    const r = await renderNotebook(file, { warehouse, outDir: join(dir, 'prose-out'), assets, cwd: dir });
    expect(r.errors).toEqual([
      {
        notebook: join('prose', 'prose.md'),
        block: '',
        kind: 'notebook',
        line: 17,
        message:
          'image "https://example.org/x.png": a remote image is not loaded (the page makes no requests): save it beside the notebook and give its relative path',
      },
    ]);
    const html = readFileSync(r.out, 'utf8');
    expect(html).toContain(
      '<table class="data">\n<thead>\n<tr>\n<th>state</th>\n<th>note</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>AZ</td>\n<td>&lt;b&gt;up&lt;/b&gt;</td>',
    );
    expect(html).toContain('<ul>\n<li>US\n<ul>\n<li>Arizona</li>\n</ul>\n</li>\n<li>Mexico</li>\n</ul>');
    expect(html).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="The trend">`);
    expect(html).toContain('<a class="image-not-loaded" href="https://example.org/x.png">Remote</a>');
    expect(html).toContain('prose/prose.md: line 17: image &quot;https://example.org/x.png&quot;');
    expect(html).not.toMatch(/<img[^>]+src="(?!data:image\/png;base64,)/);
    // The page's policy lets it show the embedded image and load nothing from anywhere.
    expect(html).toContain('img-src data: blob:');
  });
});

describe('notebookRender (the CLI command)', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  }

  it('renders every notebook of a folder and exits 0', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.md'), GOOD);
    writeFileSync(join(folder, 'b.md'), '# B\n\n```sql one\nSELECT 1 AS x\n```\n');
    writeFileSync(join(folder, 'README.md'), 'not a notebook');
    const t = io();
    const code = await notebookRender({ files: [folder], warehouse, outDir: join(dir, 'cli'), io: t.io });
    expect(code).toBe(0);
    expect(t.err).toEqual([]);
    expect(t.out.join('')).toMatch(
      /a\.html \(DEMO DATA\): 2 queries, 1 chart\(s\)\n.*b\.html \(DEMO DATA\): 1 query, 0 chart\(s\)\n$/s,
    );
    expect(existsSync(join(dir, 'cli', 'README.html'))).toBe(false);
  });

  it('exits 1 naming each failing block, 1 without a warehouse, 2 without a file', async () => {
    const t = io();
    const file = notebook('fails.md', '```sql q\nSELECT * FROM nope\n```\n');
    expect(await notebookRender({ files: [file], warehouse, outDir: join(dir, 'cli'), io: t.io })).toBe(1);
    expect(t.err.join('')).toMatch(
      /fails\.md: block "q" \(sql, line 2\): Catalog Error: Table with name nope does not exist!/,
    );
    const u = io();
    expect(
      await notebookRender({ files: [file], warehouse: join(dir, 'none.duckdb'), outDir: dir, io: u.io }),
    ).toBe(1);
    expect(u.err.join('')).toContain('no published warehouse');
    const v = io();
    expect(await notebookRender({ files: [], warehouse, outDir: dir, io: v.io })).toBe(2);
    expect(v.err.join('')).toContain('Usage: centinela notebook render');
  });
});
