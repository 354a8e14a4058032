import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPipeline, pipelines } from '../../pipelines/index.ts';
import { RunError, runPipelines, SourcesFailedError, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { HEADER_12, vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';
import { tableFingerprints } from '../support/warehouseState.ts';

let temp: TempConfig | undefined;
afterEach(() => temp?.cleanup());

const fentanylAz = (values: (number | null)[]) =>
  vsrrLines({
    state: 'AZ',
    stateName: 'Arizona',
    indicator: 'Synthetic opioids, excl. methadone (T40.4)',
    startYear: 2022,
    values,
  });

function fileIn(dir: string, name: string) {
  return join(dir, name);
}

const run = (t: TempConfig, log: string[] = []) =>
  runPipelines({
    data: 'demo',
    config: t.config,
    pipelines: [findPipeline('cdc_vsrr_state')],
    allPipelines: pipelines,
    command: 'run',
    ingest: true,
    detect: true,
    log: (m) => log.push(m),
  });

/** Fingerprints of the data a reader queries (raw and analytics), without the ledgers (meta). */
function dataTables(fingerprints: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fingerprints).filter(([name]) => !name.startsWith('meta.')));
}

async function rows<T>(path: string, sql: string): Promise<T[]> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return await queryRows<T>(wh.connection, sql);
  } finally {
    wh.closeSync();
  }
}

describe('runPipelines on CDC VSRR files', () => {
  it('loads a file, keeps suppressed values as NULL with status suppressed, and publishes', async () => {
    const t = tempConfig();
    temp = t;
    const path = fileIn(t.dir, 'vsrr.csv');
    writeFileSync(path, vsrrFile(fentanylAz([1500, 1510, null, 2237, 1530])));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: false }],
    };
    const summary = await run(t);
    expect(summary.status).toBe('succeeded');
    expect(summary.loads).toHaveLength(1);
    expect(summary.loads[0]?.rowsLoaded).toBe(5);
    const obs = await rows<{ period_end: Date; measure: string; value: number | null; status: string }>(
      t.config.warehouse,
      `SELECT period_end, measure, value, status FROM analytics.observations
       WHERE geo_code = 'AZ' AND drug = 'fentanyl' ORDER BY measure, period_end`,
    );
    expect(obs.filter((o) => o.measure === 'deaths').map((o) => [o.value, o.status])).toEqual([
      [1500, 'provisional'],
      [1510, 'provisional'],
      [null, 'suppressed'],
      [2237, 'provisional'],
      [1530, 'provisional'],
    ]);
    expect(obs.filter((o) => o.measure === 'deaths_predicted').map((o) => o.status)).toEqual([
      'predicted',
      'predicted',
      'suppressed',
      'predicted',
      'predicted',
    ]);
    // 12-month-ending window: March 2022 covers April 2021 – March 2022.
    const window = await rows<{ s: string; e: string }>(
      t.config.warehouse,
      `SELECT strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e FROM analytics.observations
       WHERE geo_code = 'AZ' AND measure = 'deaths' ORDER BY period_end LIMIT 1 OFFSET 2`,
    );
    expect(window).toEqual([{ s: '2021-04-01', e: '2022-03-31' }]);
  });

  it('skips bytes it has loaded before and leaves every published table unchanged', async () => {
    const t = tempConfig();
    temp = t;
    const path = fileIn(t.dir, 'vsrr.csv');
    writeFileSync(path, vsrrFile(fentanylAz(Array.from({ length: 30 }, (_, i) => 1500 + 10 * i))));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: false }],
    };
    await run(t);
    const before = await tableFingerprints(t.config.warehouse);
    const publishedBytes = readFileSync(t.config.warehouse);
    const log: string[] = [];
    const again = await run(t, log);
    expect(again.status).toBe('no_new_data');
    expect(again.skipped).toHaveLength(1);
    expect(log.join('\n')).toMatch(
      /skipped: the same bytes \(sha256 [0-9a-f]{12}…\) were loaded before as load 1/,
    );
    expect(await tableFingerprints(t.config.warehouse)).toEqual(before);
    expect(readFileSync(t.config.warehouse).equals(publishedBytes)).toBe(true);
    expect(before['raw.cdc_vsrr_state']).toMatch(/^30:/);
  });

  it('keeps both vintages in raw and shows the latest in analytics', async () => {
    const t = tempConfig();
    temp = t;
    const early = fileIn(t.dir, 'early.csv');
    const late = fileIn(t.dir, 'late.csv');
    writeFileSync(early, vsrrFile(fentanylAz([1500, 1510])));
    writeFileSync(late, vsrrFile(fentanylAz([1502, 1515, 1600])));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [
        { kind: 'file', path: early, vintage: '2024-01-10', demo: false },
        { kind: 'file', path: late, vintage: '2024-02-14', demo: false },
      ],
    };
    await run(t);
    const raw = await rows<{ n: number }>(t.config.warehouse, 'SELECT count(*) AS n FROM raw.cdc_vsrr_state');
    expect(raw[0]?.n).toBe(5);
    const latest = await rows<{ value: number; vintage: string }>(
      t.config.warehouse,
      `SELECT value, strftime(vintage, '%Y-%m-%d') AS vintage FROM analytics.observations
       WHERE measure = 'deaths' ORDER BY period_end`,
    );
    expect(latest).toEqual([
      { value: 1502, vintage: '2024-02-14' },
      { value: 1515, vintage: '2024-02-14' },
      { value: 1600, vintage: '2024-02-14' },
    ]);
  });

  const badInputs: [string, string | Buffer, RegExp][] = [
    [
      'a corrupted line',
      vsrrFile([
        ...fentanylAz([1500, 1510]),
        'AZ,2022,March,12 month-ending,"Synthetic opioids, excl. methadone (T40.4)",12x4,100,0,Arizona,x,**,',
      ]),
      /cdc_vsrr_state: .*bad\.csv line 4 column "Data Value": .*12x4.*1 line\(s\) rejected/,
    ],
    [
      'an HTML error page',
      '<!DOCTYPE html>\n<html><body><h1>503 Service Unavailable</h1></body></html>\n',
      /bad\.csv line 1: looks like an HTML\/XML page, not CSV: "<!DOCTYPE html> <html><body><h1>503/,
    ],
    ['a 0-byte file', '', /bad\.csv: file is empty \(0 bytes\), expected a CSV header line/],
    [
      'a UTF-16 file',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(vsrrFile(fentanylAz([1500]), false), 'utf16le')]),
      /bad\.csv line 1: UTF-16 LE text \(it starts with that byte-order mark\), expected UTF-8 CSV/,
    ],
    [
      'a file with only its header',
      vsrrFile([]),
      /cdc_vsrr_state: .*bad\.csv: no data rows: a release needs at least one \(the file is empty or holds only its header; cut off\?\)/,
    ],
    [
      'an unknown header',
      'a,b,c\n1,2,3\n',
      /bad\.csv line 1: unknown header "a,b,c" \(expected the 12-column download \(vsrr_12col\): State,Year,/,
    ],
  ];

  it.each(badInputs)(
    'refuses %s with a clear error, keeps the published data as it was and publishes the failure',
    async (_, body, message) => {
      const t = tempConfig();
      temp = t;
      const good = fileIn(t.dir, 'good.csv');
      writeFileSync(good, vsrrFile(fentanylAz([1500, 1510, 1520])));
      t.config.pipelines.cdc_vsrr_state = {
        enabled: true,
        inputs: [{ kind: 'file', path: good, vintage: '2024-01-10', demo: false }],
      };
      await run(t);
      const dataBefore = dataTables(await tableFingerprints(t.config.warehouse));
      const bad = fileIn(t.dir, 'bad.csv');
      writeFileSync(bad, body);
      t.config.pipelines.cdc_vsrr_state.inputs = [
        { kind: 'file', path: bad, vintage: '2024-02-14', demo: false },
      ];
      const error = await run(t).catch((e) => e);
      expect(error).toBeInstanceOf(SourcesFailedError);
      expect(error.message).toMatch(message);
      expect(error.run.status).toBe('failed');
      // No raw row, observation or alert changed; the failure is recorded in the published file, none of the bad
      // input's rows.
      expect(dataTables(await tableFingerprints(t.config.warehouse))).toEqual(dataBefore);
      const loads = await rows<{ status: string; rows_loaded: number }>(
        t.config.warehouse,
        'SELECT status, rows_loaded FROM meta.loads ORDER BY load_id',
      );
      expect(loads).toEqual([
        { status: 'loaded', rows_loaded: 3 },
        { status: 'failed', rows_loaded: 0 },
      ]);
      const runs = await rows<{ status: string; error: string | null }>(
        t.config.warehouse,
        'SELECT status, error FROM meta.runs ORDER BY run_id',
      );
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
      expect(runs[1]?.error).toMatch(message);
      const raw = await rows<{ n: number }>(
        t.config.warehouse,
        'SELECT count(*) AS n FROM raw.cdc_vsrr_state',
      );
      expect(raw[0]?.n).toBe(3);
    },
  );

  it('loads a file with a column no layout names, and records that column in the log and meta.loads', async () => {
    const t = tempConfig();
    temp = t;
    const path = fileIn(t.dir, 'extra.csv');
    const lines = fentanylAz([1500, 1510, 1520]).map((l) => `${l},checked`);
    writeFileSync(path, `${HEADER_12},Reviewer Note\n${lines.join('\n')}\n`);
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: false }],
    };
    const log: string[] = [];
    const summary = await run(t, log);
    expect(summary.loads.map((l) => [l.layout, l.rowsLoaded, l.unknownColumns])).toEqual([
      ['vsrr_12col', 3, ['Reviewer Note']],
    ]);
    const remark = '1 column(s) not in layout vsrr_12col, read but not kept: "Reviewer Note"';
    expect(log.join('\n')).toContain(`extra.csv (vsrr_12col, vintage 2024-01-10); ${remark}`);
    expect(
      await rows(
        t.config.warehouse,
        "SELECT shape, status, message FROM meta.loads WHERE source = 'cdc_vsrr_state'",
      ),
    ).toEqual([{ shape: 'vsrr_12col', status: 'loaded', message: remark }]);
  });

  it('keeps rejected lines with file, line, column and reason', async () => {
    const t = tempConfig();
    temp = t;
    const bad = fileIn(t.dir, 'bad.csv');
    writeFileSync(
      bad,
      vsrrFile([
        ...fentanylAz([1500]),
        'AZ,2022,February,12 month-ending,"Synthetic opioids, excl. methadone (T40.4)",12x4,100,0,Arizona,x,**,',
        'AZ,2022,March',
      ]),
    );
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path: bad, vintage: '2024-01-10', demo: false }],
    };
    await expect(run(t)).rejects.toThrow(RunError);
    const rejects = await rows<{ origin: string; line: number; column_name: string; error_type: string }>(
      workingPath(t.config),
      'SELECT origin, line, column_name, error_type FROM meta.rejects ORDER BY line',
    );
    expect(rejects.map((r) => [r.line, r.column_name, r.error_type])).toEqual([
      [3, 'Data Value', 'CAST'],
      [4, 'Period', 'MISSING COLUMNS'],
    ]);
    expect(rejects[0]?.origin).toMatch(/bad\.csv$/);
  });

  it('fails the run before publishing when a data check fails', async () => {
    const t = tempConfig();
    temp = t;
    const path = fileIn(t.dir, 'vsrr.csv');
    const unknown = vsrrLines({
      state: 'ZZ',
      stateName: 'Nowhere',
      indicator: 'Cocaine (T40.5)',
      startYear: 2022,
      values: [12],
    });
    writeFileSync(path, vsrrFile([...fentanylAz([1500]), ...unknown]));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: false }],
    };
    await expect(run(t)).rejects.toThrow(
      /check cdc_vsrr_state_unmapped_rows failed: 1 offending row\(s\), e\.g\. .*"state":"ZZ"/,
    );
    const runs = await rows<{ status: string }>(workingPath(t.config), 'SELECT status FROM meta.runs');
    expect(runs).toEqual([{ status: 'failed' }]);
    // The load that failed its source's check is recorded as failed, with the check.
    const loads = await rows<{ status: string; rows_read: number; message: string }>(
      workingPath(t.config),
      'SELECT status, rows_read, message FROM meta.loads',
    );
    expect(loads).toEqual([
      {
        status: 'failed',
        rows_read: 2,
        message: expect.stringMatching(/^check cdc_vsrr_state_unmapped_rows failed/),
      },
    ]);
    // Nothing was loaded before: no published file is made of a run that kept no data.
    expect(existsSync(t.config.warehouse)).toBe(false);
    const raw = await rows<{ n: number }>(
      workingPath(t.config),
      'SELECT count(*) AS n FROM raw.cdc_vsrr_state',
    );
    expect(raw[0]?.n).toBe(0);
  });

  it('fails the run when one release gives a value twice for the same key', async () => {
    const t = tempConfig();
    temp = t;
    const path = fileIn(t.dir, 'vsrr.csv');
    const [first, second] = fentanylAz([1500, 1510]);
    // The second line says January again, with another number.
    writeFileSync(path, vsrrFile([first ?? '', second ?? '', (second ?? '').replace('February', 'January')]));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path, vintage: '2024-01-10', demo: false }],
    };
    await expect(run(t)).rejects.toThrow(
      /check observation_key_unique failed: 2 offending row\(s\), e\.g\. .*"geo_code":"AZ".*"period_end":"2022-01-31.*"n":2/,
    );
  });
});

describe('revisions between releases', () => {
  it('records each changed value with both vintages', async () => {
    const t = tempConfig();
    temp = t;
    const early = fileIn(t.dir, 'early.csv');
    const late = fileIn(t.dir, 'late.csv');
    writeFileSync(early, vsrrFile(fentanylAz([1500, 1510, null])));
    writeFileSync(late, vsrrFile(fentanylAz([1500, 1515, 12])));
    t.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [
        { kind: 'file', path: early, vintage: '2024-01-10', demo: false },
        { kind: 'file', path: late, vintage: '2024-02-14', demo: false },
      ],
    };
    await run(t);
    const revisions = await rows<{
      e: string;
      measure: string;
      old_value: number | null;
      new_value: number;
      old_status: string;
      change: number | null;
    }>(
      t.config.warehouse,
      `SELECT strftime(period_end, '%Y-%m-%d') AS e, measure, old_value, new_value, old_status, change
       FROM analytics.revisions WHERE measure = 'deaths' ORDER BY period_end`,
    );
    expect(revisions).toEqual([
      {
        e: '2022-02-28',
        measure: 'deaths',
        old_value: 1510,
        new_value: 1515,
        old_status: 'provisional',
        change: 5,
      },
      {
        e: '2022-03-31',
        measure: 'deaths',
        old_value: null,
        new_value: 12,
        old_status: 'suppressed',
        change: null,
      },
    ]);
  });
});
