/**
 * `centinela notebook render <file.md|dir>…`: runs a notebook's named SQL blocks against the published warehouse
 * (opened read-only), charts them with its Vega-Lite blocks, and writes one self-contained, offline HTML page in
 * the report's style, with an English/Spanish switch. A failing block is shown in place and reported as
 * `<notebook>: block "<name>" (<kind>, line <n>): <reason>`; the command then exits 1.
 */

import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';
import { LANGS, type Lang } from '../core/lang.ts';
import { loadVegaAssetsSync, type VegaAssets } from '../report/assets.ts';
import { CLIENT_SCRIPT } from '../report/client.ts';
import { escapeHtml, jsonForScript } from '../report/escape.ts';
import { formatDateTime, STRINGS, vegaLocale } from '../report/i18n.ts';
import { htmlDocument } from '../report/page.ts';
import { writeAtomic } from '../report/writeReport.ts';
import { openWarehouse } from '../warehouse/connection.ts';
import {
  DEFAULT_READER_LIMITS,
  type ReaderLimits,
  refuseAllButReads,
  withTimeLimit,
} from '../warehouse/readerQuery.ts';
import { firstHeading, renderMarkdown } from './markdown.ts';
import { type Block, type ChartBlock, NotebookSyntaxError, parseNotebook, type SqlBlock } from './parse.ts';

/** A chart carries at most this many rows inline; aggregate in SQL beyond that. */
export const MAX_CHART_ROWS = 20_000;

export interface BlockError {
  notebook: string;
  block: string;
  kind: 'sql' | 'vega-lite' | 'notebook';
  line: number;
  message: string;
}

export function formatBlockError(e: BlockError): string {
  return e.kind === 'notebook'
    ? `${e.notebook}: line ${e.line}: ${e.message}`
    : `${e.notebook}: block "${e.block}" (${e.kind}, line ${e.line}): ${e.message}`;
}

export class NotebookError extends Error {
  constructor(readonly errors: BlockError[]) {
    super(errors.map(formatBlockError).join('\n'));
  }
}

export interface NotebookResult {
  notebook: string;
  out: string;
  demo: boolean;
  errors: BlockError[];
  queries: number;
  charts: number;
}

interface QueryResult {
  columns: string[];
  types: string[];
  rows: Record<string, unknown>[];
}

const T = {
  notebook: { en: 'Centinela notebook', es: 'Cuaderno de Centinela' },
  query: { en: 'Query', es: 'Consulta' },
  chartOf: { en: 'Chart of', es: 'Gráfica de' },
  rows: (shown: number, total: number) => ({
    en: shown < total ? `Showing ${fmt(shown)} of ${fmt(total)} rows.` : `${fmt(total)} row(s).`,
    es: shown < total ? `Se muestran ${fmt(shown)} de ${fmt(total)} filas.` : `${fmt(total)} fila(s).`,
  }),
  failed: { en: 'This block failed:', es: 'Este bloque falló:' },
  source: (file: string, warehouse: string) => ({
    en: `Notebook ${file}, run read-only on the warehouse ${warehouse}.`,
    es: `Cuaderno ${file}, ejecutado en modo de solo lectura sobre el almacén ${warehouse}.`,
  }),
  generated: (iso: string) => ({
    en: STRINGS.en.generatedAt(formatDateTime(iso, 'en')),
    es: STRINGS.es.generatedAt(formatDateTime(iso, 'es')),
  }),
  demo: { en: STRINGS.en.demoBanner, es: STRINGS.es.demoBanner },
  demoDetail: {
    en: 'This warehouse was built from the bundled demonstration files: every number below is made up.',
    es: 'Este almacén se construyó con los archivos de demostración incluidos: todas las cifras de abajo son inventadas.',
  },
  chartFailed: { en: STRINGS.en.chartFailed, es: STRINGS.es.chartFailed },
  langNav: { en: 'Language', es: 'Idioma' },
};

const fmt = (n: number) => n.toLocaleString('en-US');

/** Both languages of a short text, one shown at a time. */
function bi(text: Record<Lang, string>, tag = 'span'): string {
  if (text.en === text.es) return escapeHtml(text.en);
  return LANGS.map((l) => `<${tag} data-lang="${l}">${escapeHtml(text[l])}</${tag}>`).join('');
}

function lineOfDuckDbError(message: string, firstLine: number): number {
  const m = /LINE (\d+):/.exec(message);
  return m ? firstLine + Number(m[1]) - 1 : firstLine;
}

/** The reason alone: DuckDB's first lines, without the caret diagram. */
function shortMessage(message: string): string {
  return message
    .split('\n')
    .filter((l) => !/^\s*\^\s*$/.test(l) && !/^LINE \d+:/.test(l))
    .join('\n')
    .trim();
}

function plainValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type === 'DATE' ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((v) => plainValue(v, ''));
  if (typeof value === 'object')
    return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
  return value;
}

async function runQuery(db: DuckDBConnection, block: SqlBlock, timeoutMs: number): Promise<QueryResult> {
  const sql = block.sql.replace(/;\s*$/, '');
  try {
    await refuseAllButReads(db, sql);
  } catch (error) {
    const m = (error as Error).message;
    throw Object.assign(new Error(shortMessage(m)), { line: lineOfDuckDbError(m, block.line + 1) });
  }
  return withTimeLimit(db, timeoutMs, () => runRead(db, block, sql));
}

async function runRead(db: DuckDBConnection, block: SqlBlock, sql: string): Promise<QueryResult> {
  const table = `"${block.name}"`;
  try {
    // As a temporary table, so that later blocks can select from it by name (the warehouse itself stays read-only).
    await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS (\n${sql}\n)`);
  } catch (error) {
    const message = (error as Error).message;
    if (!/^Parser Error/.test(message)) {
      throw Object.assign(new Error(shortMessage(message)), { line: lineOfDuckDbError(message, block.line) });
    }
    // Not a query (DESCRIBE, SUMMARIZE, PRAGMA …): run it as written.
    try {
      const reader = await db.runAndReadAll(sql);
      return toResult(reader.columnNames(), reader.columnTypes().map(String), reader.getRowObjectsJS());
    } catch (plain) {
      const m = (plain as Error).message;
      throw Object.assign(new Error(shortMessage(m)), { line: lineOfDuckDbError(m, block.line + 1) });
    }
  }
  const reader = await db.runAndReadAll(`SELECT * FROM ${table}`);
  return toResult(reader.columnNames(), reader.columnTypes().map(String), reader.getRowObjectsJS());
}

function toResult(columns: string[], types: string[], rows: Record<string, unknown>[]): QueryResult {
  return {
    columns,
    types,
    rows: rows.map((r) => {
      const out: Record<string, unknown> = {};
      columns.forEach((c, i) => {
        out[c] = plainValue(r[c], types[i] ?? '');
      });
      return out;
    }),
  };
}

function cell(value: unknown): { text: string; num: boolean } {
  if (value === null || value === undefined) return { text: 'NULL', num: false };
  if (typeof value === 'number')
    // (value || 0) turns -0 into 0: a rounded tiny negative is not "-0".
    return { text: (value || 0).toLocaleString('en-US', { maximumFractionDigits: 4 }), num: true };
  if (typeof value === 'object') return { text: JSON.stringify(value), num: false };
  return { text: String(value), num: false };
}

function resultTable(result: QueryResult, rows: number): string {
  if (rows === 0) return `<p class="count">${bi(T.rows(0, result.rows.length))}</p>`;
  const shown = result.rows.slice(0, rows);
  const numeric = result.columns.map(
    (c, i) =>
      /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
        result.types[i] ?? '',
      ) || shown.some((r) => typeof r[c] === 'number'),
  );
  const head = result.columns
    .map((c, i) => `<th scope="col"${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`)
    .join('');
  const body = shown
    .map(
      (r) =>
        `<tr>${result.columns
          .map((c) => {
            const v = cell(r[c]);
            return `<td${v.num ? ' class="num"' : ''}>${escapeHtml(v.text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="data">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>
<p class="count">${bi(T.rows(shown.length, result.rows.length))}</p>`;
}

/** Replace every {"en": …, "es": …} object by the string of `lang`. */
function localise(value: unknown, lang: Lang): unknown {
  if (Array.isArray(value)) return value.map((v) => localise(v, lang));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const o = value as Record<string, unknown>;
    if (
      keys.length === 2 &&
      keys.includes('en') &&
      keys.includes('es') &&
      typeof o.en === 'string' &&
      typeof o.es === 'string'
    )
      return o[lang];
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, localise(v, lang)]));
  }
  return value;
}

/** Temporal encodings on UTC: a local time unit becomes its UTC twin, a temporal field without a scale gets a UTC one. */
function utc(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => utc(v));
  if (!value || typeof value !== 'object') return value;
  const o = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, utc(v, k)]),
  );
  if (o.type === 'temporal' && key !== 'scale' && key !== 'mark') {
    if (typeof o.timeUnit === 'string' && !o.timeUnit.startsWith('utc')) o.timeUnit = `utc${o.timeUnit}`;
    if (typeof o.timeUnit !== 'string') {
      const scale = (o.scale ?? {}) as Record<string, unknown>;
      if (scale.type === undefined) o.scale = { ...scale, type: 'utc' };
    }
  }
  return o;
}

/** The data names a spec refers to. */
function dataNames(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) dataNames(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const data = o.data as { name?: unknown } | undefined;
    if (data && typeof data === 'object' && typeof data.name === 'string') out.add(data.name);
    for (const [k, v] of Object.entries(o)) if (k !== 'datasets') dataNames(v, out);
  }
  return out;
}

function jsonErrorLine(source: string, message: string, fenceLine: number): number {
  const lineCol = /line (\d+) column/.exec(message);
  if (lineCol) return fenceLine + Number(lineCol[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return fenceLine + 1 + (source.slice(0, Number(pos[1])).match(/\n/g)?.length ?? 0);
  return fenceLine;
}

interface BuiltChart {
  index: number;
  names: string[];
  specs: Record<Lang, TopLevelSpec>;
  titles: Record<Lang, string>;
}

function buildChart(
  block: ChartBlock,
  index: number,
  results: Map<string, QueryResult | Error>,
  defined: Set<string>,
): BuiltChart {
  let parsed: unknown;
  try {
    parsed = JSON.parse(block.source);
  } catch (error) {
    const message = (error as Error).message;
    throw Object.assign(new Error(`not valid JSON: ${message}`), {
      line: jsonErrorLine(block.source, message, block.line),
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw Object.assign(new Error('a Vega-Lite spec is a JSON object'), { line: block.line });
  const spec = { ...(parsed as Record<string, unknown>) };
  if (block.query && spec.data === undefined) spec.data = { name: block.query };
  const names = [...dataNames(spec)];
  if (names.length === 0)
    throw Object.assign(
      new Error('the chart names no query: write ```vega-lite <query> or "data": {"name": "<query>"}'),
      {
        line: block.line,
      },
    );
  for (const name of names) {
    const result = results.get(name);
    if (!defined.has(name))
      throw Object.assign(new Error(`query "${name}" is not defined above this chart`), { line: block.line });
    if (result instanceof Error)
      throw Object.assign(new Error(`query "${name}" failed, so this chart cannot be drawn`), {
        line: block.line,
      });
    if (result && result.rows.length > MAX_CHART_ROWS)
      throw Object.assign(
        new Error(
          `query "${name}" returns ${fmt(result.rows.length)} rows; a chart takes at most ${fmt(MAX_CHART_ROWS)}: aggregate in SQL first`,
        ),
        { line: block.line },
      );
  }
  const specs = {} as Record<Lang, TopLevelSpec>;
  const titles = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const local = utc(localise(spec, lang)) as Record<string, unknown>;
    const config = (local.config ?? {}) as Record<string, unknown>;
    local.config = {
      font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      title: { anchor: 'start', fontSize: 15 },
      ...config,
      locale: vegaLocale(lang),
    };
    const title = local.title;
    titles[lang] =
      typeof title === 'string'
        ? title
        : title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string'
          ? ((title as { text: string }).text as string)
          : `${T.chartOf[lang]} ${names.join(', ')}`;
    // Compile here with the data in, so a spec error names the block now rather than failing in a reader's browser.
    const withData = {
      ...local,
      datasets: Object.fromEntries(names.map((n) => [n, (results.get(n) as QueryResult).rows])),
    } as TopLevelSpec;
    try {
      vegaLite.compile(withData);
    } catch (error) {
      throw Object.assign(new Error(`Vega-Lite: ${(error as Error).message}`), { line: block.line });
    }
    specs[lang] = local as unknown as TopLevelSpec;
  }
  return { index, names, specs, titles };
}

/** Render one notebook to `outDir/<name>.html`. Block errors are returned (and shown in the page), not thrown. */
export async function renderNotebook(
  file: string,
  opts: {
    warehouse: string;
    outDir: string;
    now?: Date;
    assets?: VegaAssets;
    cwd?: string;
    /** Each SQL block's time limit and the connection's memory (config `query`). */
    limits?: ReaderLimits;
  },
): Promise<NotebookResult> {
  const notebook = relative(opts.cwd ?? process.cwd(), resolve(file)) || file;
  const text = await readFile(file, 'utf8');
  let blocks: Block[];
  try {
    blocks = parseNotebook(text);
  } catch (error) {
    if (error instanceof NotebookSyntaxError)
      throw new NotebookError([
        { notebook, block: '', kind: 'notebook', line: error.line, message: error.message },
      ]);
    throw error;
  }
  if (!existsSync(opts.warehouse))
    throw new Error(`no published warehouse at ${opts.warehouse}; run "centinela run" first`);
  const limits = opts.limits ?? DEFAULT_READER_LIMITS;
  const wh = await openWarehouse(opts.warehouse, { sealed: true, memoryLimit: limits.memoryLimit });
  const errors: BlockError[] = [];
  const results = new Map<string, QueryResult | Error>();
  const defined = new Set<string>();
  const rendered: string[] = [];
  const charts: BuiltChart[] = [];
  let demo = false;
  let queries = 0;
  try {
    try {
      const rows = await wh.connection.runAndReadAll(
        "SELECT coalesce(bool_or(demo), false) AS demo FROM meta.loads WHERE status = 'loaded'",
      );
      demo = rows.getRowObjectsJS()[0]?.demo === true;
    } catch {
      demo = false;
    }
    let chartIndex = 0;
    for (const block of blocks) {
      if (block.kind === 'markdown') {
        const prose = renderMarkdown(block.text, { baseDir: dirname(resolve(file)), firstLine: block.line });
        const problems: BlockError[] = prose.problems.map((p) => ({
          notebook,
          block: '',
          kind: 'notebook',
          line: p.line,
          message: p.message,
        }));
        errors.push(...problems);
        rendered.push(wrapLang([prose.html, ...problems.map(errorBox)].join('\n'), block.lang));
      } else if (block.kind === 'code') {
        rendered.push(wrapLang(`<pre class="sql"><code>${escapeHtml(block.text)}</code></pre>`, block.lang));
      } else if (block.kind === 'sql') {
        queries += 1;
        defined.add(block.name);
        const label = `<p class="block-label">${bi(T.query)} <code>${escapeHtml(block.name)}</code></p>
<pre class="sql"><code>${escapeHtml(block.sql)}</code></pre>`;
        try {
          const result = await runQuery(wh.connection, block, limits.timeoutMs);
          results.set(block.name, result);
          rendered.push(
            `<section class="block" id="query-${escapeHtml(block.name)}">\n${label}\n${resultTable(result, block.rows)}\n</section>`,
          );
        } catch (error) {
          const e = error as Error & { line?: number };
          results.set(block.name, e);
          const be: BlockError = {
            notebook,
            block: block.name,
            kind: 'sql',
            line: e.line ?? block.line,
            message: e.message,
          };
          errors.push(be);
          rendered.push(
            `<section class="block" id="query-${escapeHtml(block.name)}">\n${label}\n${errorBox(be)}\n</section>`,
          );
        }
      } else {
        chartIndex += 1;
        const name = `chart ${chartIndex}`;
        try {
          const chart = buildChart(block, chartIndex, results, defined);
          charts.push(chart);
          rendered.push(
            wrapLang(
              LANGS.map(
                (lang) =>
                  `<figure class="chart" data-lang="${lang}"><div class="vega-chart" data-spec="nb-spec-${chartIndex}-${lang}" data-datasets="${escapeHtml(chart.names.join(','))}" role="img" aria-label="${escapeHtml(chart.titles[lang])}"></div></figure>`,
              ).join('\n'),
              block.lang,
            ),
          );
        } catch (error) {
          const e = error as Error & { line?: number };
          const be: BlockError = {
            notebook,
            block: name,
            kind: 'vega-lite',
            line: e.line ?? block.line,
            message: e.message,
          };
          errors.push(be);
          rendered.push(errorBox(be));
        }
      }
    }
  } finally {
    wh.closeSync();
  }

  const now = (opts.now ?? new Date()).toISOString();
  const titles = {
    en: firstTitle(blocks, 'en') ?? basename(file, extname(file)),
    es: firstTitle(blocks, 'es') ?? firstTitle(blocks, 'en') ?? basename(file, extname(file)),
  };
  const datasets: Record<string, unknown[]> = {};
  for (const c of charts) for (const n of c.names) datasets[n] = (results.get(n) as QueryResult).rows;
  const body = `${demo ? `<p class="demo-banner" role="alert">${bi(T.demo)}</p>\n` : ''}<header class="site-header">
<div class="wrap">
<div class="top">
<div>
<p class="subtitle">${bi(T.notebook)}</p>
</div>
<nav class="lang" aria-label="${escapeHtml(T.langNav.en)} / ${escapeHtml(T.langNav.es)}">${LANGS.map((l) => `<button type="button" data-set-lang="${l}" lang="${l}">${escapeHtml(STRINGS[l].langName)}</button>`).join(' ')}</nav>
</div>
${demo ? `<p class="demo-detail">${bi(T.demoDetail)}</p>` : ''}
<p class="meta">${bi(T.source(notebook, opts.warehouse))}</p>
<p class="meta">${bi(T.generated(now))}</p>
</div>
</header>
<main class="wrap notebook">
${rendered.join('\n')}
</main>`;
  const dataScripts = [
    ...charts.flatMap((c) =>
      LANGS.map(
        (l) =>
          `<script type="application/json" id="nb-spec-${c.index}-${l}">${jsonForScript(c.specs[l])}</script>`,
      ),
    ),
    `<script type="application/json" id="nb-datasets">${jsonForScript(datasets)}</script>`,
    `<script type="application/json" id="nb-titles">${jsonForScript(
      demo ? { en: `${T.demo.en} · ${titles.en}`, es: `${T.demo.es} · ${titles.es}` } : titles,
    )}</script>`,
    `<script type="application/json" id="page-config">${jsonForScript({
      embed: { mode: 'vega-lite', renderer: 'svg', actions: false },
      chartFailed: `${T.chartFailed.en} / ${T.chartFailed.es}`,
    })}</script>`,
  ].join('\n');
  const html = htmlDocument({
    lang: 'en',
    title: demo ? `${T.demo.en} · ${titles.en}` : titles.en,
    body,
    dataScripts,
    appScript: `${NOTEBOOK_SCRIPT}\n${CLIENT_SCRIPT}`,
    assets: opts.assets ?? loadVegaAssetsSync(),
    meta: demo ? { 'data-demo': 'true' } : {},
    bodyClass: 'notebook',
  });
  const out = join(opts.outDir, `${basename(file, extname(file))}.html`);
  await writeAtomic(out, html);
  return { notebook, out, demo, errors, queries, charts: charts.length };
}

function firstTitle(blocks: Block[], lang: Lang): string | null {
  for (const b of blocks) {
    if (b.kind !== 'markdown' || (b.lang !== null && b.lang !== lang)) continue;
    const heading = firstHeading(b.text);
    if (heading) return heading;
  }
  return null;
}

function wrapLang(html: string, lang: Lang | null): string {
  return lang === null ? html : `<div data-lang="${lang}" lang="${lang}">\n${html}\n</div>`;
}

function errorBox(e: BlockError): string {
  return `<div class="block-error" role="alert"><p><strong>${bi(T.failed)}</strong></p><pre>${escapeHtml(formatBlockError(e))}</pre></div>`;
}

/**
 * Runs before the shared client script: the language switch (html[lang] decides which [data-lang] shows), and the
 * notebook's query results handed to each chart as Vega-Lite `datasets` (stored once, shared by both languages).
 */
const NOTEBOOK_SCRIPT = `
(function () {
  'use strict';
  var root = document.documentElement;
  var titles = JSON.parse(document.getElementById('nb-titles').textContent);
  var datasets = JSON.parse(document.getElementById('nb-datasets').textContent);
  Array.prototype.forEach.call(document.querySelectorAll('[data-datasets]'), function (el) {
    var script = document.getElementById(el.getAttribute('data-spec'));
    var spec = JSON.parse(script.textContent);
    spec.datasets = {};
    el.getAttribute('data-datasets').split(',').forEach(function (name) { spec.datasets[name] = datasets[name] || []; });
    script.textContent = JSON.stringify(spec);
  });
  function set(lang) {
    root.lang = lang;
    document.title = titles[lang];
    Array.prototype.forEach.call(document.querySelectorAll('[data-set-lang]'), function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-set-lang') === lang ? 'true' : 'false');
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-set-lang]'), function (b) {
    b.addEventListener('click', function () {
      var lang = b.getAttribute('data-set-lang');
      set(lang);
      if (history.replaceState) history.replaceState(null, '', '#' + lang);
    });
  });
  set(location.hash === '#es' ? 'es' : 'en');
})();
`;

export interface NotebookCommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** Expand directories to the notebooks (*.md) inside them. */
async function notebookFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      const names = (await readdir(p))
        .filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md')
        .sort();
      out.push(...names.map((n) => join(p, n)));
    } else out.push(p);
  }
  return out;
}

/**
 * The CLI command. Wire it as `centinela notebook render <file.md|dir>… [--out DIR]` with
 * `process.exitCode = await notebookRender({ files, warehouse: config.warehouse, outDir, io })`; returns 0 when every
 * notebook rendered without a failing block, 1 otherwise (the reasons printed on io.err), 2 when no file was given.
 */
export async function notebookRender(opts: {
  files: string[];
  warehouse: string;
  outDir: string;
  io: NotebookCommandIo;
  now?: Date;
  limits?: ReaderLimits;
}): Promise<number> {
  const { io } = opts;
  if (opts.files.length === 0) {
    io.err('Usage: centinela notebook render <notebook.md|folder>… [--out <dir>]\n');
    return 2;
  }
  if (!existsSync(opts.warehouse)) {
    io.err(`notebook: no published warehouse at ${opts.warehouse}; run "centinela run" first\n`);
    return 1;
  }
  const files = await notebookFiles(opts.files);
  let failed = false;
  const assets = loadVegaAssetsSync();
  for (const file of files) {
    if (!existsSync(file)) {
      io.err(`notebook: ${file}: no such file\n`);
      failed = true;
      continue;
    }
    try {
      const r = await renderNotebook(file, {
        warehouse: opts.warehouse,
        outDir: opts.outDir,
        assets,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.limits ? { limits: opts.limits } : {}),
      });
      for (const e of r.errors) io.err(`${formatBlockError(e)}\n`);
      failed ||= r.errors.length > 0;
      io.out(
        `${r.out}${r.demo ? ' (DEMO DATA)' : ''}: ${r.queries} quer${r.queries === 1 ? 'y' : 'ies'}, ${r.charts} chart(s)${r.errors.length > 0 ? `, ${r.errors.length} failed block(s)` : ''}\n`,
      );
    } catch (error) {
      failed = true;
      io.err(
        `${error instanceof NotebookError ? error.message : `notebook: ${file}: ${(error as Error).message}`}\n`,
      );
    }
  }
  return failed ? 1 : 0;
}
