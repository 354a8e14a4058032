/**
 * One source's failure stays its own: a run where one source's input is broken publishes every other source's new
 * data, leaves the broken source's earlier data exactly as it was, throws naming the broken source, and the failure
 * (meta.runs, meta.run_sources, meta.loads, meta.rejects) is queryable in the published file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPipeline, pipelines } from '../../pipelines/index.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { type ErrorKind, InterruptedError } from '../../src/run/errors.ts';
import { RunError, runPipelines, SourcesFailedError, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.ts';
import { type SourceRun, sourceRun } from '../support/sourceRun.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const BROKEN = 'cdc_vsrr_state';

const fentanylAz = (values: number[]) =>
  vsrrLines({
    state: 'AZ',
    stateName: 'Arizona',
    indicator: 'Synthetic opioids, excl. methadone (T40.4)',
    startYear: 2022,
    values,
  });

/** Another source's synthetic fixtures, loaded as a real release (the warehouse never mixes the two). */
const releasesOf = (source: string): PipelineInput[] =>
  findPipeline(source).demoInputs.map((input) => ({ ...input, demo: false }) as PipelineInput);

function file(run: SourceRun, name: string, body: string, vintage: string): PipelineInput {
  const path = join(run.temp.dir, name);
  writeFileSync(path, body);
  return { kind: 'file', path, vintage, demo: false };
}

/** count:checksum of what analytics and raw hold for a source. */
async function dataOf(run: SourceRun, source: string): Promise<string[]> {
  const rows = await run.rows<{ what: string; state: string }>(
    `SELECT 'raw' AS what, count(*) || ':' || coalesce(sum(hash(r))::VARCHAR, '0') AS state FROM raw.${source} AS r
     UNION ALL
     SELECT 'analytics', count(*) || ':' || coalesce(sum(hash(o))::VARCHAR, '0') FROM analytics.observations AS o
     WHERE source = '${source}'
     ORDER BY 1`,
  );
  return rows.map((r) => `${r.what} ${r.state}`);
}

interface Broken {
  /** cdc_vsrr_state's input in the first run (published), then the broken one in the second. */
  first: (run: SourceRun) => PipelineInput;
  second: (run: SourceRun) => PipelineInput;
  /** The source whose new data the second run publishes beside the failure. */
  other: string;
  error: RegExp;
  kind: ErrorKind;
}

/** Runs the two runs and checks everything common to every way a source breaks; returns the run for more. */
async function breakOneSource(b: Broken) {
  const run = sourceRun({ [BROKEN]: [], [b.other]: [] });
  cleanups.push(() => run.temp.cleanup());
  const { pipelines } = run.temp.config;
  pipelines[BROKEN] = { enabled: true, inputs: [b.first(run)] };
  const first = await run.run();
  expect(first.status).toBe('succeeded');
  const before = await dataOf(run, BROKEN);
  expect(before[1]).not.toMatch(/^raw 0:/);

  pipelines[BROKEN] = { enabled: true, inputs: [b.second(run)] };
  pipelines[b.other] = { enabled: true, inputs: releasesOf(b.other) };
  const error = await run.run().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourcesFailedError);
  const failure = error as SourcesFailedError;
  expect(failure.message).toMatch(new RegExp(`^${BROKEN}: `));
  expect(failure.message).toMatch(b.error);
  expect(failure.kind).toBe(b.kind);
  expect(failure.failed.map((f) => f.source)).toEqual([BROKEN]);
  expect(failure.run.status).toBe('partial');
  expect(failure.run.published).toBe(run.temp.config.warehouse);
  expect(failure.run.sources.map((s) => [s.source, s.status])).toEqual(
    expect.arrayContaining([
      [BROKEN, 'failed'],
      [b.other, 'loaded'],
    ]),
  );
  const runId = failure.runId;

  // The other source's new data is published, and queryable.
  const published = await run.rows<{ n: number }>(
    `SELECT count(*) AS n FROM analytics.${findPipeline(b.other).produces} WHERE source = '${b.other}'`,
  );
  expect(published[0]?.n).toBeGreaterThan(0);
  expect(await run.rows(`SELECT status FROM meta.loads WHERE source = '${b.other}'`)).toEqual(
    releasesOf(b.other).map(() => ({ status: 'loaded' })),
  );
  // The broken source's data is exactly as it was.
  expect(await dataOf(run, BROKEN)).toEqual(before);
  // The failure is in the published file.
  const runs = await run.rows<{ run_id: number; status: string; error: string; error_kind: string }>(
    'SELECT run_id, status, error, error_kind FROM meta.runs ORDER BY run_id',
  );
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'partial']);
  expect(runs[1]?.error).toMatch(new RegExp(`^${BROKEN}: `));
  expect(runs[1]?.error).toMatch(b.error);
  expect(runs[1]?.error_kind).toBe(b.kind);
  const outcomes = await run.rows<{ source: string; status: string; error: string | null }>(
    `SELECT source, status, error FROM meta.run_sources WHERE run_id = ${runId} ORDER BY source`,
  );
  expect(outcomes.find((o) => o.source === b.other)).toMatchObject({ status: 'loaded', error: null });
  expect(outcomes.find((o) => o.source === BROKEN)?.status).toBe('failed');
  expect(outcomes.find((o) => o.source === BROKEN)?.error).toMatch(b.error);
  return { run, runId, failure };
}

describe('one source broken, the others published', () => {
  it('a bad file: the source is refused naming file, line and column; its rejected lines are kept', async () => {
    const { run, runId } = await breakOneSource({
      first: (r) => file(r, 'good.csv', vsrrFile(fentanylAz([1500, 1510, 1520])), '2024-01-10'),
      second: (r) =>
        file(
          r,
          'bad.csv',
          vsrrFile([
            ...fentanylAz([1500, 1515]),
            'AZ,2022,March,12 month-ending,"Synthetic opioids, excl. methadone (T40.4)",12x4,100,0,Arizona,x,**,',
          ]),
          '2024-02-14',
        ),
      other: 'cbp_seizures',
      error: /bad\.csv line 4 column "Data Value": .*12x4.*1 line\(s\) rejected/,
      kind: 'input',
    });
    const loads = await run.rows<{ load_id: number; status: string; rows_loaded: number; message: string }>(
      `SELECT load_id, status, rows_loaded, message FROM meta.loads WHERE source = '${BROKEN}' AND run_id = ${runId}`,
    );
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ status: 'failed', rows_loaded: 0 });
    expect(loads[0]?.message).toMatch(/line 4 column "Data Value"/);
    const rejects = await run.rows<{ line: number; column_name: string; csv_line: string }>(
      `SELECT line, column_name, csv_line FROM meta.rejects WHERE load_id = ${loads[0]?.load_id}`,
    );
    expect(rejects.map((r) => [r.line, r.column_name])).toEqual([[4, 'Data Value']]);
    expect(rejects[0]?.csv_line).toContain('12x4');
  });

  it('HTTP 500s from the publisher: a transient failure of that source alone', async () => {
    let server: FixtureServer | null = null;
    const release = vsrrFile(fentanylAz([1500, 1510, 1520]));
    let broken = false;
    server = await startFixtureServer({
      '/vsrr.csv': () =>
        broken
          ? { status: 500, body: 'Internal Server Error' }
          : { status: 200, contentType: 'text/csv', body: release },
    });
    cleanups.push(() => server?.close());
    const url = `${server.url}/vsrr.csv`;
    const { run, runId } = await breakOneSource({
      first: (r) => {
        r.temp.config.http = { ...r.temp.config.http, retries: 1, timeoutMs: 5000 };
        return { kind: 'url', url, vintage: '2024-01-10' };
      },
      second: () => {
        broken = true;
        return { kind: 'url', url, vintage: '2024-02-14' };
      },
      other: 'census_state_population',
      error: /HTTP 500/,
      kind: 'transient',
    });
    // No bytes came: nothing to record in meta.loads, the outcome says why.
    expect(
      await run.rows(`SELECT * FROM meta.loads WHERE source = '${BROKEN}' AND run_id = ${runId}`),
    ).toEqual([]);
    expect(server.requests.filter((q) => q.pathname === '/vsrr.csv').length).toBeGreaterThanOrEqual(3);
  });

  it('a generic check (observation_key_unique) failing on its rows is attributed to it', async () => {
    const [jan, feb] = fentanylAz([1500, 1510]);
    const { run, runId } = await breakOneSource({
      first: (r) => file(r, 'good.csv', vsrrFile(fentanylAz([1500, 1510])), '2024-01-10'),
      // The second line says January again, with another number.
      second: (r) =>
        file(
          r,
          'twice.csv',
          vsrrFile([
            jan ?? '',
            feb ?? '',
            (feb ?? '').replace('February', 'January').replace('1510', '1599'),
          ]),
          '2024-02-14',
        ),
      other: 'cdc_specific_drugs',
      error:
        /check observation_key_unique failed: 2 offending row\(s\), e\.g\. .*"source":"cdc_vsrr_state".*"geo_code":"AZ"/,
      kind: 'input',
    });
    const loads = await run.rows<{ status: string; rows_read: number; message: string }>(
      `SELECT status, rows_read, message FROM meta.loads WHERE source = '${BROKEN}' AND run_id = ${runId}`,
    );
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ status: 'failed', rows_read: 3 });
    expect(loads[0]?.message).toMatch(/^check observation_key_unique failed/);
  });
});

describe("a source's own check", () => {
  it('fails that source alone; another source loaded in the same run is published', async () => {
    const run = sourceRun({
      cdc_specific_drugs: [
        {
          kind: 'file',
          path: join(fixturesDir, 'cdc-vsrr-specific-drugs/bad/regions_do_not_sum.csv'),
          vintage: '2025-01-05',
          demo: false,
        },
      ],
      cbp_seizures: releasesOf('cbp_seizures'),
    });
    cleanups.push(() => run.temp.cleanup());
    const error = (await run.run().catch((e: unknown) => e)) as SourcesFailedError;
    expect(error).toBeInstanceOf(SourcesFailedError);
    expect(error.message).toMatch(
      /^cdc_specific_drugs: check cdc_specific_drugs_regions_sum_to_us failed: 1 offending row\(s\)/,
    );
    expect(error.message.split('\n')).toHaveLength(1);
    // The first run: the published file is created with the source that loaded.
    const cbp = await run.rows<{ n: number }>('SELECT count(*) AS n FROM raw.cbp_seizures');
    expect(cbp[0]?.n).toBeGreaterThan(0);
    const held = await run.rows<{ source: string }>('SELECT DISTINCT source FROM analytics.observations');
    expect(held).toEqual([{ source: 'cbp_seizures' }]);
    expect(await run.rows('SELECT count(*) AS n FROM raw.cdc_specific_drugs')).toEqual([{ n: 0 }]);
  });
});

describe('a run stopped while loading its second source', () => {
  it('rolls back only that source; the first, committed, is published by the next run', async () => {
    const run = sourceRun({ census_state_population: [], cbp_seizures: [] });
    cleanups.push(() => run.temp.cleanup());
    const { config } = run.temp;
    config.pipelines.census_state_population = {
      enabled: true,
      inputs: releasesOf('census_state_population'),
    };
    config.pipelines.cbp_seizures = { enabled: true, inputs: releasesOf('cbp_seizures') };
    const stop = new AbortController();
    const order = ['census_state_population', 'cbp_seizures'].map((name) => findPipeline(name));
    const error = await runPipelines({
      data: 'demo',
      config,
      pipelines: order,
      allPipelines: pipelines,
      command: 'ingest',
      ingest: true,
      detect: false,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.step === 'load' && p.detail.startsWith('cbp_seizures: '))
          stop.abort(new InterruptedError('SIGTERM'));
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).kind).toBe('interrupted');
    // Nothing was published; the working warehouse kept the first source and recorded the second as interrupted.
    expect(existsSync(config.warehouse)).toBe(false);
    const wh = await openWarehouse(workingPath(config), { readOnly: true });
    try {
      expect(
        await queryRows(wh.connection, 'SELECT source, status FROM meta.run_sources ORDER BY source'),
      ).toEqual([
        { source: 'cbp_seizures', status: 'interrupted' },
        { source: 'census_state_population', status: 'loaded' },
      ]);
      expect(await queryRows(wh.connection, 'SELECT status FROM meta.runs')).toEqual([
        { status: 'interrupted' },
      ]);
      expect(await queryRows(wh.connection, 'SELECT count(*) AS n FROM raw.cbp_seizures')).toEqual([
        { n: 0 },
      ]);
    } finally {
      wh.closeSync();
    }

    const next = await run.run();
    expect(next.status).toBe('succeeded');
    expect(next.skipped.map((s) => s.source)).toEqual(['census_state_population', 'census_state_population']);
    expect(next.loads.map((l) => l.source)).toEqual(releasesOf('cbp_seizures').map(() => 'cbp_seizures'));
    const held = await run.rows<{ source: string }>(
      `SELECT DISTINCT source FROM analytics.population UNION ALL SELECT DISTINCT source FROM analytics.observations
       ORDER BY 1`,
    );
    expect(held).toEqual([{ source: 'cbp_seizures' }, { source: 'census_state_population' }]);
  });
});

describe('a stop during a download', () => {
  it('ends the run at once: the fetch is aborted, not waited for until its timeout and retries', async () => {
    const server = await startFixtureServer({
      '/slow.csv': { body: 'never sent in time', contentType: 'text/csv', delayMs: 60_000 },
    });
    cleanups.push(() => server.close());
    const run = sourceRun({ [BROKEN]: [{ kind: 'url', url: `${server.url}/slow.csv` }] });
    cleanups.push(() => run.temp.cleanup());
    run.temp.config.http = { ...run.temp.config.http, timeoutMs: 60_000, retries: 3 };
    const stop = new AbortController();
    const started = Date.now();
    const running = runPipelines({
      data: 'demo',
      config: run.temp.config,
      pipelines: [findPipeline(BROKEN)],
      allPipelines: pipelines,
      command: 'ingest',
      ingest: true,
      detect: false,
      signal: stop.signal,
    });
    setTimeout(() => stop.abort(new InterruptedError('SIGINT')), 300);
    const error = await running.catch((e) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).kind).toBe('interrupted');
  }, 30_000);
});
