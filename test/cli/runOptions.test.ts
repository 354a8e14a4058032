import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../src/core/paths.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { othersDisabled } from '../schedule/helpers.ts';
import { cli } from '../support/runCli.ts';

// run --select/--exclude/--dry-run/--quiet/--log-format json (issue #17), on the demo fixtures.
describe('centinela run: choosing sources, the plan, quiet and JSON logs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-runopts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run prints the plan and writes nothing', async () => {
    const r = await cli(dir, 'run', '--demo', '--dry-run', '--exclude', 'cbp_seizures');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Dry run: nothing is fetched, loaded or written\./);
    expect(r.stdout).toMatch(/^cdc_vsrr_state: LOAD: 2 input\(s\) to fetch or load$/m);
    expect(r.stdout).toMatch(/^ {2}load {2}\S+cdc-vsrr-state\S+: new bytes \(sha256 [0-9a-f]{12}…\)$/m);
    expect(r.stdout).toMatch(/^cbp_seizures: skip: excluded \(--exclude\)$/m);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('--select loads only the sources named; the plan then says which bytes were loaded before', async () => {
    const r = await cli(dir, 'run', '--demo', '--select', 'cdc_vsrr_state', '--no-report', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Warehouse: ');
    const loaded = await cli(
      dir,
      'query',
      '--demo',
      'select distinct source from meta.loads order by 1',
      '--format',
      'csv',
    );
    expect(loaded.stdout).toBe('source\ncdc_vsrr_state\n');
    const plan = await cli(
      dir,
      'run',
      '--demo',
      '--dry-run',
      '--json',
      '--select',
      'cdc_vsrr_state,inegi_deaths',
    );
    const parsed = JSON.parse(plan.stdout) as {
      sources: {
        source: string;
        action: string;
        reason: string;
        inputs: { action: string; reason: string }[];
      }[];
    };
    const cdc = parsed.sources.find((s) => s.source === 'cdc_vsrr_state');
    expect(cdc?.action).toBe('skip');
    expect(cdc?.inputs[0]?.reason).toMatch(
      /^the same bytes \(sha256 [0-9a-f]{12}…\) were loaded before as load \d+ \(vintage \d{4}-\d\d-\d\d\)$/,
    );
    expect(parsed.sources.find((s) => s.source === 'inegi_deaths')?.action).toBe('load');
    expect(parsed.sources.find((s) => s.source === 'cbp_seizures')?.reason).toBe('not selected (--select)');
  });

  it('--log-format json writes each message as a JSON line on stdout, ending with run.finished', async () => {
    const r = await cli(
      dir,
      'run',
      '--demo',
      '--select',
      'cdc_vsrr_state',
      '--no-report',
      '--log-format=json',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines.some((l) => /cdc_vsrr_state: .* skipped: the same bytes/.test(l.message))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'run.finished', status: 'no_new_data', report: null });
  });

  it('--full-refresh loads the same bytes again as new loads; the published values stay the same', async () => {
    const value = async (sql: string) => (await cli(dir, 'query', '--demo', sql, '--format', 'csv')).stdout;
    const loads = "select count(*) from meta.loads where source = 'cdc_vsrr_state' and status = 'loaded'";
    const values =
      "select count(*), bit_xor(hash(geo_code, period_type, period_end, drug, measure, value, status, vintage)) from analytics.observations where source = 'cdc_vsrr_state'";
    const loadsBefore = Number((await value(loads)).split('\n')[1]);
    const valuesBefore = await value(values);
    const plan = await cli(dir, 'run', '--demo', '--dry-run', '--select', 'cdc_vsrr_state', '--full-refresh');
    expect(plan.stdout).toMatch(
      /load {2}\S+: loaded again \(--full-refresh\): the same bytes were loaded before as load \d+/,
    );
    const r = await cli(dir, 'run', '--demo', '--select', 'cdc_vsrr_state', '--no-report', '--full-refresh');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/skipped: the same bytes/);
    expect(Number((await value(loads)).split('\n')[1])).toBe(2 * loadsBefore);
    expect(await value(values)).toBe(valuesBefore);
  });

  it('--verbose shows every event of the log, with the run id', async () => {
    const r = await cli(dir, 'run', '--demo', '--select', 'cdc_vsrr_state', '--no-report', '--verbose');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/run \d+ started by hand/);
    expect(r.stderr).toMatch(/run \d+: no_new_data/);
    expect(r.stderr).toMatch(/cdc_vsrr_state: .* skipped: the same bytes/);
  });

  it('ends with a summary: per source loaded or skipped with rows, vintage and reason; checks; new alarms; where', async () => {
    const json = await cli(
      dir,
      'run',
      '--demo',
      '--select',
      'cdc_vsrr_state,inegi_deaths',
      '--no-report',
      '--json',
    );
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.sources).toEqual([
      {
        source: 'cdc_vsrr_state',
        status: 'skipped',
        rows: 0,
        vintage: null,
        reason: expect.stringMatching(/^same bytes as load \d+/),
      },
      {
        source: 'inegi_deaths',
        status: 'loaded',
        rows: expect.any(Number),
        vintage: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        reason: expect.stringMatching(/file\(s\)/),
      },
    ]);
    expect(summary.sources[1].rows).toBeGreaterThan(0);
    expect(summary.checks).toBe('all data checks passed');
    expect(summary.new_alarms_total).toBe(
      summary.new_alarms.reduce((n: number, a: { alarms: number }) => n + a.alarms, 0),
    );
    expect(summary.new_alarms.length).toBeGreaterThan(0);
    for (const a of summary.new_alarms) {
      expect(a).toEqual({
        drug: expect.any(String),
        geo_code: expect.any(String),
        place: expect.any(String),
        alarms: expect.any(Number),
      });
      // INEGI's state codes are named (24 is San Luis Potosí here, not Maryland's FIPS 24).
      expect(a.place).not.toBe(a.geo_code);
    }
    const slp = summary.new_alarms.find((a: { geo_code: string }) => a.geo_code === '24');
    if (slp) expect(slp.place).toBe('San Luis Potosí');
    expect(summary.warehouse).toBe(join(dir, 'data/demo/centinela.duckdb'));
    expect(summary.report).toBeNull();
    const text = await cli(dir, 'run', '--demo', '--select', 'inegi_deaths', '--no-report');
    expect(text.stdout).toMatch(
      /^Run \d+: no_new_data \(DEMO DATA\)\n {2}inegi_deaths +SKIPPED +same bytes as load \d+(, \d+)*\nChecks: all data checks passed\nNew alarms: none\nWarehouse: /,
    );
    // detect loads nothing, yet its verdicts are on demo data: its summary says so too.
    const detect = await cli(dir, 'detect', '--demo');
    expect(detect.stdout).toMatch(/^Run \d+: succeeded \(DEMO DATA\)\n/);
  });

  it.each([
    [
      ['--select', 'cdc_vsrr_stat'],
      /--select: unknown source "cdc_vsrr_stat" \(did you mean cdc_vsrr_state\?\)/,
    ],
    [['--exclude', 'nope'], /--exclude: unknown source "nope"/],
    [['--log-format', 'xml'], /invalid --log-format: "xml" \(expected text or json\)/],
  ])('usage error for %j', async (args, message) => {
    const r = await cli(dir, 'run', '--demo', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('a failed run says where its rejected lines are', () => {
  it('names the file holding meta.rejects, and the lines are there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-rejects-'));
    try {
      const bad = join(fixturesDir, 'cdc-vsrr-state/bad/corrupt_line.csv');
      writeFileSync(
        join(dir, 'centinela.config.json'),
        JSON.stringify({
          pipelines: {
            ...othersDisabled('cdc_vsrr_state'),
            cdc_vsrr_state: { inputs: [{ kind: 'file', path: bad, vintage: '2024-11-13' }] },
          },
        }),
      );
      const r = await cli(dir, 'run', '--no-report');
      expect(r.code).toBe(1);
      // It ends with the same closing summary as a run that succeeds, the failed source and why in it.
      expect(r.stdout).toMatch(
        /^Run \d+: failed\n {2}cdc_vsrr_state +FAILED +.*corrupt_line\.csv.*\nChecks: the failed sources were rolled back; the data published passed every check\nNew alarms: none\nWarehouse: /,
      );
      const json = await cli(dir, 'run', '--no-report', '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        status: 'failed',
        sources: [
          {
            source: 'cdc_vsrr_state',
            status: 'failed',
            rows: 0,
            reason: expect.stringContaining('corrupt_line.csv'),
          },
        ],
        report: null,
      });
      const ledger = /Rejected lines: meta\.rejects in (\S+\.duckdb)/.exec(r.stderr)?.[1];
      expect(ledger, r.stderr).toBeDefined();
      const wh = await openWarehouse(ledger as string, { readOnly: true });
      try {
        const rows = await queryRows<{ source: string; origin: string }>(
          wh.connection,
          'SELECT source, origin FROM meta.rejects',
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(
          rows.every((x) => x.source === 'cdc_vsrr_state' && x.origin.endsWith('corrupt_line.csv')),
        ).toBe(true);
      } finally {
        wh.closeSync();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
