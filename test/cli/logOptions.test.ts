import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/runCli.ts';

// --quiet, --verbose and --log-format are options of every command (issue #17), honoured by those that log.
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('global log options on the demo warehouse', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-logopts-'));
    const r = await cli(dir, 'run', '--demo', '--select', 'cdc_vsrr_state', '--no-report', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, 'nb.md'), '# N\n\n```sql one\nSELECT 1 AS x\n```\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const exportArgs = (out: string) => [
    'export',
    '--demo',
    '--format',
    'csv',
    '--out',
    join(dir, out),
    '--where',
    "geo_code = 'AZ'",
  ];

  it('export: what it wrote on stderr; --quiet only the folder; --verbose the details; json lines on stdout', async () => {
    const text = await cli(dir, ...exportArgs('e1'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(
      /^export: \d+ row\(s\) of analytics\.observations where geo_code = 'AZ' → 1 csv file/,
    );
    expect(text.stderr).toContain('DEMO DATA');
    expect(text.stdout).toBe(`${join(dir, 'e1')}\n`);

    const quiet = await cli(dir, ...exportArgs('e2'), '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(`${join(dir, 'e2')}\n`);

    const verbose = await cli(dir, ...exportArgs('e3'), '-v');
    expect(verbose.stderr).toMatch(
      new RegExp(
        `^export: observations of \\S+centinela\\.duckdb as csv where geo_code = 'AZ' into ${join(dir, 'e3')}\\n`,
      ),
    );
    expect(verbose.stderr).toMatch(/^export: \d+ ms$/m);

    const json = await cli(dir, ...exportArgs('e4'), '--log-format', 'json');
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const lines = jsonLines(json.stdout);
    expect(lines.map((l) => l.event)).toEqual(['export.written', 'export.demo', 'export.finished']);
    for (const l of lines) expect(l.time).toMatch(TIME);
    expect(lines[0]).toMatchObject({ level: 'info', format: 'csv', files: 1, rows: expect.any(Number) });
    expect(lines[1]).toMatchObject({ level: 'warn' });
    expect(lines[2]).toMatchObject({
      level: 'info',
      out: join(dir, 'e4'),
      demo: true,
      message: join(dir, 'e4'),
    });
  });

  it('query: its rows alone on stdout; the notes as the options say, JSON lines on stderr', async () => {
    const sql = 'select * from range(3) t(n); select 42 as answer';
    const plain = await cli(dir, 'query', '--demo', sql, '--format', 'csv', '--max-rows', '1');
    expect(plain.stdout).toBe('n\n0\n\nanswer\n42\n');
    expect(plain.stderr).toBe('2 more rows not shown (--max-rows 1; 0 shows all)\n');

    const quiet = await cli(dir, 'query', '--demo', sql, '--format', 'csv', '--max-rows', '1', '-q');
    expect(quiet.stdout).toBe(plain.stdout);
    expect(quiet.stderr).toBe('');

    const verbose = await cli(dir, 'query', '--demo', sql, '--format', 'csv', '--max-rows', '1', '--verbose');
    expect(verbose.stdout).toBe(plain.stdout);
    expect(verbose.stderr).toMatch(/^query: statement 1 of 2: 3 row\(s\) in \d+ ms$/m);
    expect(verbose.stderr).toMatch(/^query: statement 2 of 2: 1 row\(s\) in \d+ ms$/m);

    const json = await cli(
      dir,
      'query',
      '--demo',
      sql,
      '--format',
      'csv',
      '--max-rows',
      '1',
      '--log-format=json',
    );
    expect(json.stdout).toBe(plain.stdout);
    expect(jsonLines(json.stderr)).toEqual([
      {
        time: expect.stringMatching(TIME),
        level: 'info',
        event: 'query.more_rows',
        message: '2 more rows not shown (--max-rows 1; 0 shows all)',
        statement: 1,
      },
    ]);

    const failed = await cli(dir, 'query', '--demo', 'select * from nowhere', '--log-format=json');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(jsonLines(failed.stderr)[0]).toMatchObject({
      level: 'error',
      event: 'command.failed',
      message: expect.stringMatching(
        /^centinela query: Catalog Error: Table with name nowhere does not exist/,
      ),
    });
  });

  it('notebook render: the page written is its result; --quiet keeps it, json makes it a line', async () => {
    const args = ['notebook', 'render', 'nb.md', '--demo', '--out', join(dir, 'nb')];
    const quiet = await cli(dir, ...args, '--quiet');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(`${join(dir, 'nb', 'nb.html')} (DEMO DATA): 1 query, 0 chart(s)\n`);
    const json = await cli(dir, ...args, '--log-format', 'json', '--verbose');
    const lines = jsonLines(json.stdout);
    expect(lines.map((l) => [l.event, l.level])).toEqual([
      ['notebook.started', 'debug'],
      ['notebook.rendered', 'info'],
      ['notebook.finished', 'debug'],
    ]);
    expect(lines[1]?.message).toBe(`${join(dir, 'nb', 'nb.html')} (DEMO DATA): 1 query, 0 chart(s)`);
  });

  it('detect and report: --log-format json is every event as a JSON line, detect ending with run.finished', async () => {
    const detect = await cli(dir, 'detect', '--demo', '--log-format', 'json');
    expect(detect.code, detect.stdout).toBe(0);
    expect(detect.stderr).toBe('');
    const lines = jsonLines(detect.stdout);
    for (const l of lines) expect(l.time).toMatch(TIME);
    expect(lines[0]).toMatchObject({ event: 'job.started', job: 'detect', run_id: expect.any(Number) });
    expect(lines.at(-1)).toMatchObject({
      event: 'run.finished',
      status: 'succeeded',
      sources: [],
      warehouse: join(dir, 'data/demo/centinela.duckdb'),
    });
    const quiet = await cli(dir, 'detect', '--demo', '--quiet');
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Run \d+: succeeded \(DEMO DATA\)\nChecks: /);
    const report = await cli(dir, 'report', '--demo', '--out', join(dir, 'r'), '--log-format', 'json');
    expect(report.code, report.stderr).toBe(0);
    expect(jsonLines(report.stdout)).toEqual([
      expect.objectContaining({ event: 'report.written', out: join(dir, 'r'), demo: true }),
    ]);
  });

  it('schedule: a configuration it refuses is an error line in JSON', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ pipelines: { cdc_vsrr_state: { schedule: { cron: '0 6 * * 9', timezone: 'UTC' } } } }),
    );
    const r = await cli(dir, 'schedule', '--demo', '--config', join(dir, 'bad.json'), '--log-format', 'json');
    expect(r.code).toBe(1);
    const [line] = jsonLines(r.stdout);
    expect(line).toMatchObject({
      level: 'error',
      event: 'scheduler.config',
      problems: [expect.stringMatching(/invalid cron expression "0 6 \* \* 9"/)],
    });
  });
});
