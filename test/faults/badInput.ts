/**
 * Fault script: bad input. fast-check generates mutations of real inputs — truncated, binary junk, huge fields, wrong
 * encodings (UTF-16, Latin-1), duplicated headers, NUL bytes, CRLF, empty files, random bytes; for JSON: cut short,
 * junk, wrong types, duplicated keys, deep nesting, huge strings, HTML pages — and feeds them to every loader: each
 * pipeline's file loader (CSV, or the zip INEGI publishes), the DKAN JSON datastore client (medicaid_sdud) and the
 * Socrata client (metadata JSON + CSV pages, cdc_vsrr_state), through a real run against a published warehouse.
 *
 * Each case must end as: accepted (the bytes were still valid data), or a clear error (a RunError whose message names
 * the source, the file or URL, or the failed check), rejected lines being recorded; never a crash (any other
 * exception), never a hang (no answer in 120 s), never a change to the published data (raw and analytics) when the
 * source failed (its failure itself is published: meta.run_sources, meta.loads, meta.rejects).
 *
 *   npx tsx test/faults/badInput.ts [--cases 12] [--seed 42]        (cases per loader)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { pipelines } from '../../pipelines/index.ts';
import { DKAN_DATASET, DKAN_DIR, dkanPage, dkanRecords } from '../../pipelines/medicaid_sdud/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { Pipeline, PipelineInput } from '../../src/core/pipeline.ts';
import { RunError, runPipelines } from '../../src/run/run.ts';
import { type FixtureResponse, startFixtureServer } from '../support/fixtureServer.ts';
import { tableFingerprints } from '../support/warehouseState.ts';
import { createSite, isMain, type Site, scriptArgs } from './lib/site.ts';

// ---------------------------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'junk'; at: number; bytes: number[] }
  | { kind: 'huge-field'; at: number; size: number }
  | { kind: 'utf16' }
  | { kind: 'latin1' }
  | { kind: 'duplicate-header-line' }
  | { kind: 'duplicate-header-name'; index: number }
  | { kind: 'drop-header' }
  | { kind: 'nul'; at: number }
  | { kind: 'crlf' }
  | { kind: 'empty' }
  | { kind: 'header-only' }
  | { kind: 'random-bytes'; bytes: number[] }
  | { kind: 'zip-bytes-truncate'; at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const someBytes = (max: number) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: max });

export const csvMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('junk' as const), at, bytes: someBytes(64) }),
  fc.record({ kind: fc.constant('huge-field' as const), at, size: fc.constantFrom(70_000, 3_000_000) }),
  fc.record({ kind: fc.constant('utf16' as const) }),
  fc.record({ kind: fc.constant('latin1' as const) }),
  fc.record({ kind: fc.constant('duplicate-header-line' as const) }),
  fc.record({ kind: fc.constant('duplicate-header-name' as const), index: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('drop-header' as const) }),
  fc.record({ kind: fc.constant('nul' as const), at }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('header-only' as const) }),
  fc.record({ kind: fc.constant('random-bytes' as const), bytes: someBytes(4096) }),
);

const zipMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: csvMutation },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('zip-bytes-truncate' as const), at }) },
);

function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'truncate':
    case 'nul':
    case 'zip-bytes-truncate':
      return `${m.kind} at ${(m.at * 100).toFixed(0)}%`;
    case 'junk':
      return `junk (${m.bytes.length} bytes) at ${(m.at * 100).toFixed(0)}%`;
    case 'huge-field':
      return `huge field (${m.size.toLocaleString('en-US')} bytes) at ${(m.at * 100).toFixed(0)}%`;
    case 'random-bytes':
      return `random bytes (${m.bytes.length})`;
    case 'duplicate-header-name':
      return `duplicate header name #${m.index}`;
    default:
      return m.kind;
  }
}

const lineEnd = (b: Buffer) => {
  const i = b.indexOf(0x0a);
  return i < 0 ? b.length : i + 1;
};

/** Applies a mutation to the bytes of a CSV file. */
export function mutateCsv(bytes: Buffer, m: Mutation): Buffer {
  const pos = (x: number) => Math.min(bytes.length, Math.floor(x * bytes.length));
  switch (m.kind) {
    case 'truncate':
    case 'zip-bytes-truncate':
      return bytes.subarray(0, pos(m.at));
    case 'junk':
      return Buffer.concat([bytes.subarray(0, pos(m.at)), Buffer.from(m.bytes), bytes.subarray(pos(m.at))]);
    case 'huge-field': {
      const comma = bytes.indexOf(0x2c, Math.max(lineEnd(bytes), pos(m.at)));
      const p = comma < 0 ? bytes.length : comma + 1;
      return Buffer.concat([bytes.subarray(0, p), Buffer.alloc(m.size, 'X'), bytes.subarray(p)]);
    }
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
    case 'latin1': {
      // UTF-8 text written as Latin-1 (or, for a Latin-1 file, Latin-1 text read as UTF-8 and rewritten).
      const text = bytes.toString('utf8');
      const asLatin1 = Buffer.from(text, 'latin1');
      return asLatin1.equals(bytes) ? Buffer.from(bytes.toString('latin1'), 'utf8') : asLatin1;
    }
    case 'duplicate-header-line': {
      const end = lineEnd(bytes);
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(0, end), bytes.subarray(end)]);
    }
    case 'duplicate-header-name': {
      const end = lineEnd(bytes);
      const header = bytes
        .subarray(0, end)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      const names = header.split(',');
      if (names.length < 2) return bytes;
      const i = 1 + (m.index % (names.length - 1));
      names[i] = names[0] as string;
      return Buffer.concat([Buffer.from(`${names.join(',')}\n`), bytes.subarray(end)]);
    }
    case 'drop-header':
      return bytes.subarray(lineEnd(bytes));
    case 'nul': {
      const p = pos(m.at);
      return Buffer.concat([bytes.subarray(0, p), Buffer.from([0, 0, 0]), bytes.subarray(p)]);
    }
    case 'crlf':
      return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    case 'empty':
      return Buffer.alloc(0);
    case 'header-only':
      return bytes.subarray(0, lineEnd(bytes));
    case 'random-bytes':
      return Buffer.from(m.bytes);
  }
}

/** A zip (INEGI): its bytes cut short, or its CSV member mutated and zipped again. */
export function mutateZip(bytes: Buffer, m: Mutation): Buffer {
  if (m.kind === 'zip-bytes-truncate') return mutateCsv(bytes, m);
  const files = unzipSync(new Uint8Array(bytes));
  const member = Object.keys(files)
    .filter((n) => /\.csv$/i.test(n))
    .sort((a, b) => (files[b]?.length ?? 0) - (files[a]?.length ?? 0))[0];
  if (!member) return mutateCsv(bytes, m);
  files[member] = new Uint8Array(mutateCsv(Buffer.from(files[member] as Uint8Array), m));
  return Buffer.from(zipSync(files));
}

export type JsonMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'junk'; at: number; bytes: number[] }
  | { kind: 'wrong-type'; path: 'count' | 'results' | 'row' | 'modified' }
  | { kind: 'duplicate-key' }
  | { kind: 'deep-nesting'; depth: number }
  | { kind: 'huge-string'; size: number }
  | { kind: 'utf16' }
  | { kind: 'empty' }
  | { kind: 'null' }
  | { kind: 'html' };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('junk' as const), at, bytes: someBytes(32) }),
  fc.record({
    kind: fc.constant('wrong-type' as const),
    path: fc.constantFrom('count', 'results', 'row', 'modified'),
  }),
  fc.record({ kind: fc.constant('duplicate-key' as const) }),
  fc.record({ kind: fc.constant('deep-nesting' as const), depth: fc.constantFrom(1_000, 200_000) }),
  fc.record({ kind: fc.constant('huge-string' as const), size: fc.constantFrom(100_000, 5_000_000) }),
  fc.record({ kind: fc.constant('utf16' as const) }),
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('null' as const) }),
  fc.record({ kind: fc.constant('html' as const) }),
);

export function mutateJson(text: string, m: JsonMutation): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const pos = (x: number) => Math.floor(x * bytes.length);
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, pos(m.at));
    case 'junk':
      return Buffer.concat([bytes.subarray(0, pos(m.at)), Buffer.from(m.bytes), bytes.subarray(pos(m.at))]);
    case 'wrong-type': {
      const doc = JSON.parse(text) as Record<string, unknown>;
      if (m.path === 'count' && 'count' in doc) doc.count = 'many';
      else if (m.path === 'results' && 'results' in doc) doc.results = { not: 'a list' };
      else if (m.path === 'row' && Array.isArray(doc.results) && doc.results.length > 0)
        doc.results[0] = [1, 2, 3];
      else if (m.path === 'modified') {
        for (const k of Object.keys(doc))
          if (/date|modified|updated|At$/i.test(k)) doc[k] = { when: 'yesterday' };
      }
      return Buffer.from(JSON.stringify(doc));
    }
    case 'duplicate-key':
      // The first key repeated with a different value: JSON.parse keeps the last one.
      return Buffer.from(text.replace(/^\{\s*"([^"]+)"\s*:/, '{"$1": "duplicated", "$1":'));
    case 'deep-nesting':
      return Buffer.from(`${'['.repeat(m.depth)}${']'.repeat(m.depth)}`);
    case 'huge-string':
      return Buffer.from(text.replace(/"([^"\\]{3,})"/, () => `"${'Z'.repeat(m.size)}"`));
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'empty':
      return Buffer.alloc(0);
    case 'null':
      return Buffer.from('null');
    case 'html':
      return Buffer.from('<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running cases

export type Outcome = 'accepted' | 'clear error' | 'unclear error' | 'crash' | 'hang';

export interface CaseResult {
  loader: string;
  mutation: string;
  outcome: Outcome;
  message: string;
  publishedChanged: boolean;
  rejectedLinesRecorded: boolean;
  ms: number;
}

const HANG_MS = 120_000;

/** Row counts and checksums of what readers query (raw, analytics), without the ledgers; 'none' without a file. */
async function publishedData(path: string): Promise<string> {
  if (!existsSync(path)) return 'none';
  const tables = await tableFingerprints(path);
  return JSON.stringify(Object.entries(tables).filter(([name]) => !name.startsWith('meta.')));
}

async function runCase(
  site: Site,
  pipeline: Pipeline,
  input: PipelineInput,
  names: string[],
): Promise<Omit<CaseResult, 'loader' | 'mutation'>> {
  const config = site.config();
  config.pipelines[pipeline.name] = { enabled: true, inputs: [input] };
  const before = await publishedData(site.published);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  const run = runPipelines({
    config,
    pipelines: [pipeline],
    allPipelines: pipelines,
    command: 'ingest',
    ingest: true,
    detect: false,
  }).then(
    (summary) => ({ ok: true as const, summary }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const result = await Promise.race([run, hang]);
  clearTimeout(timer);
  const ms = Date.now() - started;
  if (result === 'hang') {
    return {
      outcome: 'hang',
      message: `no answer in ${HANG_MS / 1000} s`,
      publishedChanged: false,
      rejectedLinesRecorded: false,
      ms,
    };
  }
  const changed = (await publishedData(site.published)) !== before;
  if (result.ok) {
    const rejected = result.summary.loads.some((l) => l.rowsRejected > 0);
    return {
      outcome: 'accepted',
      message:
        result.summary.loads.length === 0
          ? 'no new data (the same bytes as an earlier case)'
          : `loaded ${result.summary.loads.map((l) => l.rowsLoaded).join('+')} rows`,
      publishedChanged: changed,
      rejectedLinesRecorded: rejected,
      ms,
    };
  }
  const error = result.error as Error;
  const message = error?.message ?? String(error);
  if (!(error instanceof RunError)) {
    return {
      outcome: 'crash',
      message: `${error?.name}: ${message}`,
      publishedChanged: changed,
      rejectedLinesRecorded: false,
      ms,
    };
  }
  const clear =
    message.trim().length > 0 &&
    (message.includes(pipeline.name) ||
      names.some((n) => message.includes(n)) ||
      /^check \w+ failed/m.test(message));
  return {
    outcome: clear ? 'clear error' : 'unclear error',
    message,
    publishedChanged: changed,
    rejectedLinesRecorded: /line\(s\) rejected .*see meta\.rejects/.test(message),
    ms,
  };
}

export interface BadInputFigures {
  seed: number;
  cases: number;
  byLoader: Record<string, Record<Outcome, number>>;
  rejectedLinesRecorded: number;
  violations: string[];
  examples: string[];
  maxCaseMs: number;
}

/** Every file loader (one per pipeline) and the two JSON API clients, `casesPerLoader` mutations each. */
export async function runBadInput(opts: {
  casesPerLoader: number;
  seed: number;
  loaders?: string[];
  /** Particular mutations to run on a file loader, besides the generated ones. */
  extraCases?: { loader: string; mutation: Mutation }[];
  log?: (line: string) => void;
}): Promise<BadInputFigures> {
  const log = opts.log ?? (() => {});
  const site = createSite({ allSources: false, http: { timeoutMs: 5000, retries: 0 } });
  const figures: BadInputFigures = {
    seed: opts.seed,
    cases: 0,
    byLoader: {},
    rejectedLinesRecorded: 0,
    violations: [],
    examples: [],
    maxCaseMs: 0,
  };
  const record = (loader: string, mutation: string, r: Omit<CaseResult, 'loader' | 'mutation'>) => {
    figures.cases++;
    const counts = figures.byLoader[loader] ?? {
      accepted: 0,
      'clear error': 0,
      'unclear error': 0,
      crash: 0,
      hang: 0,
    };
    figures.byLoader[loader] = counts;
    counts[r.outcome]++;
    if (r.rejectedLinesRecorded) figures.rejectedLinesRecorded++;
    figures.maxCaseMs = Math.max(figures.maxCaseMs, r.ms);
    const line = `${loader} · ${mutation} → ${r.outcome}: ${r.message.split('\n')[0]?.slice(0, 220)}`;
    if (r.outcome === 'unclear error' || r.outcome === 'crash' || r.outcome === 'hang')
      figures.violations.push(line);
    if (r.outcome !== 'accepted' && r.publishedChanged)
      figures.violations.push(`${line} [the published data changed]`);
    if (figures.examples.length < 400) figures.examples.push(line);
    log(line);
  };
  const wanted = (name: string) => !opts.loaders || opts.loaders.includes(name);
  let vintageDay = 0;
  const nextVintage = () => new Date(Date.UTC(2030, 0, 1 + vintageDay++)).toISOString().slice(0, 10);
  try {
    // A published warehouse to protect.
    site.writeRelease(0);
    const baseline = site.config();
    await runPipelines({
      data: 'demo',
      config: baseline,
      pipelines: pipelines.filter((p) => p.name === 'cdc_vsrr_state'),
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: false,
    });

    // 1. Every pipeline's file loader.
    let k = 0;
    for (const pipeline of pipelines) {
      if (!wanted(pipeline.name)) continue;
      const first = pipeline.demoInputs[0];
      if (first?.kind !== 'file') continue;
      const original = readFileSync(first.path);
      const isZip = first.path.endsWith('.zip');
      const mutations = fc.sample(isZip ? zipMutation : csvMutation, {
        numRuns: opts.casesPerLoader,
        seed: opts.seed + k++,
      });
      for (const [i, m] of mutations.entries()) {
        const name = `${pipeline.name}-case-${i}${isZip ? '.zip' : '.csv'}`;
        const path = join(site.dir, name);
        writeFileSync(path, isZip ? mutateZip(original, m) : mutateCsv(original, m));
        const r = await runCase(site, pipeline, { kind: 'file', path, vintage: nextVintage(), demo: false }, [
          name,
          basename(first.path),
        ]);
        record(`${pipeline.name} (${isZip ? 'zip' : 'CSV'} file)`, describeMutation(m), r);
      }
    }

    for (const [i, c] of (opts.extraCases ?? []).entries()) {
      const pipeline = pipelines.find((p) => p.name === c.loader);
      const first = pipeline?.demoInputs[0];
      if (!pipeline || !first || first.kind !== 'file') throw new Error(`no file loader ${c.loader}`);
      const isZip = first.path.endsWith('.zip');
      const name = `${pipeline.name}-extra-${i}${isZip ? '.zip' : '.csv'}`;
      const path = join(site.dir, name);
      const original = readFileSync(first.path);
      writeFileSync(path, isZip ? mutateZip(original, c.mutation) : mutateCsv(original, c.mutation));
      const r = await runCase(site, pipeline, { kind: 'file', path, vintage: nextVintage(), demo: false }, [
        name,
        basename(first.path),
      ]);
      record(`${pipeline.name} (${isZip ? 'zip' : 'CSV'} file)`, describeMutation(c.mutation), r);
    }

    // 2. JSON over HTTP: the DKAN datastore (medicaid_sdud) and Socrata metadata (cdc_vsrr_state).
    const medicaid = pipelines.find((p) => p.name === 'medicaid_sdud');
    if (medicaid && wanted('medicaid_sdud') && opts.casesPerLoader > 0) {
      const META = `/api/1/metastore/schemas/dataset/items/${DKAN_DATASET}`;
      const QUERY = `/api/1/datastore/query/${DKAN_DATASET}/0`;
      const metadata = readFileSync(join(fixturesDir, DKAN_DIR, 'metadata.json'), 'utf8');
      const records = dkanRecords().slice(0, 30);
      const page = JSON.stringify(dkanPage(records, records.length, 0));
      const cases = fc.sample(fc.tuple(fc.constantFrom('metastore', 'datastore page'), jsonMutation), {
        numRuns: opts.casesPerLoader,
        seed: opts.seed + 100,
      });
      for (const [target, m] of cases) {
        const body = (doc: string) =>
          ({ contentType: 'application/json', body: mutateJson(doc, m) }) as FixtureResponse;
        const good = (doc: string) => ({ contentType: 'application/json', body: doc }) as FixtureResponse;
        const server = await startFixtureServer({
          [META]: target === 'metastore' ? body(metadata) : good(metadata),
          [QUERY]: target === 'datastore page' ? body(page) : good(page),
        });
        try {
          const input = {
            kind: 'dkan',
            baseUrl: server.url,
            datasetId: DKAN_DATASET,
            index: 0,
            pageSize: 500,
            conditions: [],
            sorts: [],
            columns: Object.keys(records[0] ?? {}).filter((c) => c !== 'record_number'),
          } as PipelineInput;
          const r = await runCase(site, medicaid, input, [server.url, DKAN_DATASET]);
          record('medicaid_sdud (DKAN JSON API)', `${target}: ${m.kind}`, r);
        } finally {
          await server.close();
        }
      }
    }
    const vsrr = pipelines.find((p) => p.name === 'cdc_vsrr_state');
    if (vsrr && wanted('cdc_vsrr_state') && opts.casesPerLoader > 0) {
      const dir = join(fixturesDir, 'http/socrata/xkb8-kh2a');
      const metadata = readFileSync(join(dir, 'metadata.json'), 'utf8');
      const cases = fc.sample(
        fc.oneof(
          fc.tuple(fc.constant('metadata' as const), jsonMutation),
          fc.tuple(fc.constant('csv page' as const), csvMutation),
        ),
        { numRuns: opts.casesPerLoader, seed: opts.seed + 200 },
      );
      for (const [target, m] of cases) {
        const pageBytes = readFileSync(join(dir, 'page-00000.csv'));
        const server = await startFixtureServer({
          '/api/views/xkb8-kh2a.json': {
            contentType: 'application/json',
            body: target === 'metadata' ? mutateJson(metadata, m as JsonMutation) : metadata,
          },
          '/resource/xkb8-kh2a.csv': (req) => ({
            contentType: 'text/csv; charset=utf-8',
            body:
              req.query.get('$offset') === '0'
                ? target === 'csv page'
                  ? mutateCsv(pageBytes, m as Mutation)
                  : pageBytes
                : Buffer.from(pageBytes.subarray(0, pageBytes.indexOf(0x0a) + 1)),
          }),
        });
        try {
          const input = {
            kind: 'socrata',
            baseUrl: server.url,
            datasetId: 'xkb8-kh2a',
            pageSize: 1000,
          } as PipelineInput;
          const r = await runCase(site, vsrr, input, [server.url, 'xkb8-kh2a']);
          const what = target === 'metadata' ? (m as JsonMutation).kind : describeMutation(m as Mutation);
          record('cdc_vsrr_state (Socrata API)', `${target}: ${what}`, r);
        } finally {
          await server.close();
        }
      }
    }
    return figures;
  } finally {
    site.cleanup();
  }
}

export function formatBadInput(f: BadInputFigures): string {
  const rows = Object.entries(f.byLoader).map(
    ([loader, c]) =>
      `  ${loader.padEnd(44)}${String(c.accepted).padStart(9)}${String(c['clear error']).padStart(8)}${String(c['unclear error']).padStart(9)}${String(c.crash).padStart(7)}${String(c.hang).padStart(6)}`,
  );
  return [
    `Bad input: fast-check mutations fed to every loader (seed ${f.seed})`,
    `  ${'loader'.padEnd(44)} accepted   clear  unclear  crash  hang`,
    ...rows,
    `  cases                                       ${f.cases}`,
    `  failed loads with rejected lines recorded   ${f.rejectedLinesRecorded}`,
    `  longest case                                ${(f.maxCaseMs / 1000).toFixed(1)} s`,
    `  violations (crash, hang, unclear error, or a failed source that changed the published data): ${f.violations.length}   (target 0)`,
    ...f.violations.map((v) => `  violation: ${v}`),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const args = scriptArgs({ cases: 12, seed: 42, loader: '', verbose: false });
  const figures = await runBadInput({
    casesPerLoader: Number(args.cases),
    seed: Number(args.seed),
    ...(args.loader ? { loaders: String(args.loader).split(',') } : {}),
    log: args.verbose ? (line) => console.error(line) : undefined,
  });
  console.log(formatBadInput(figures));
  if (!args.verbose) {
    console.log('\nOne example per loader and outcome:');
    const shown = new Set<string>();
    for (const e of figures.examples) {
      const key = `${e.split(' · ')[0]}|${e.split(' → ')[1]?.split(':')[0]}`;
      if (!shown.has(key)) {
        shown.add(key);
        console.log(`  ${e}`);
      }
    }
  }
  process.exitCode = figures.violations.length === 0 ? 0 : 1;
}
