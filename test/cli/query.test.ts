import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';

// `centinela query` as researchers use it (issue #17): large results, exact JSON, several statements, SQL from a
// file or standard input, Parquet out; every statement still only reads.
let dir: string;
let config: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centinela-query-'));
  mkdirSync(join(dir, 'data'));
  const wh = await openWarehouse(join(dir, 'data/centinela.duckdb'));
  await wh.connection.run(`CREATE SCHEMA analytics;
    CREATE TABLE analytics.codes AS SELECT * FROM (VALUES ('01', 'Aguascalientes'), ('09', 'Ciudad de México')) t(code, name)`);
  wh.closeSync();
  writeFileSync(join(dir, 'secret.csv'), 'a\n42\n');
  config = join(dir, 'centinela.config.json');
  writeFileSync(config, JSON.stringify({ warehouse: 'data/centinela.duckdb' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(args: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = await main(['query', ...args, '--config', config], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: dir,
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  });
  return { code, out, err };
}

describe('centinela query', () => {
  it('prints 150,000 rows as a table without overflowing the stack: the first 40, then how many more', async () => {
    const r = await query(['select range as n from range(150000)']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['n', '--', '0']);
    expect(lines).toHaveLength(2 + 40 + 1);
    expect(lines.at(-2)).toBe('39');
    expect(lines.at(-1)).toBe(
      '(150000 rows; 40 shown, 149960 more rows: --max-rows 0 shows all, --format csv streams them)',
    );
  });

  it('streams every row as CSV, and stops at --max-rows saying how many more', async () => {
    const all = await query(['select range as n from range(150000)', '--format', 'csv']);
    expect(all.code).toBe(0);
    const lines = all.out.trimEnd().split('\n');
    expect(lines).toHaveLength(150001);
    expect(lines.at(-1)).toBe('149999');
    const some = await query(['select range as n from range(5000)', '--format=csv', '--max-rows=3']);
    expect(some.out).toBe('n\n0\n1\n2\n');
    expect(some.err).toBe('4997 more rows not shown (--max-rows 3; 0 shows all)\n');
  });

  it('keeps every type exact in JSON', async () => {
    const r = await query([
      `select 123456789012345678::BIGINT as big, 170141183460469231731687303715884105727::HUGEINT as huge,
        count(*) as n, DATE '2024-01-02' as d, TIMESTAMP '2024-01-02 03:04:05.5' as ts,
        TIMESTAMPTZ '2024-01-02 03:04:05+00' as tstz, INTERVAL '1 month 2 days 3 seconds' as i,
        '\\xAA\\x41'::BLOB as b, 12.50::DECIMAL(5,2) as dec_value, 0.1::DOUBLE as x, NULL::INTEGER as missing,
        [1::BIGINT, 9007199254740993::BIGINT] as list`,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('"big":"123456789012345678"');
    expect(JSON.parse(r.out)).toEqual([
      {
        big: '123456789012345678',
        huge: '170141183460469231731687303715884105727',
        n: 1,
        d: '2024-01-02',
        ts: '2024-01-02T03:04:05.5',
        tstz: '2024-01-02T03:04:05Z',
        i: { months: 1, days: 2, micros: '3000000' },
        b: '\\xAAA',
        dec_value: '12.50',
        x: 0.1,
        missing: null,
        list: [1, '9007199254740993'],
      },
    ]);
  });

  it("prints every statement's result, as jsonl too", async () => {
    const table = await query(['select 1 as a; select 2 as b']);
    expect(table.out).toBe('a\n-\n1\n(1 row)\n\nb\n-\n2\n(1 row)\n');
    const jsonl = await query([
      'select 1 as a; select code from analytics.codes order by code',
      '--format',
      'jsonl',
    ]);
    expect(jsonl.out).toBe('{"a":1}\n{"code":"01"}\n{"code":"09"}\n');
  });

  it('escapes line breaks and tabs in the table, so a row stays one line', async () => {
    const r = await query(["select 'first\nsecond' as note, 'a\tb' as t"]);
    expect(r.out).toBe('note          | t\n--------------+-----\nfirst\\nsecond | a\\tb\n(1 row)\n');
  });

  it('reads the SQL from --file or standard input', async () => {
    writeFileSync(join(dir, 'q.sql'), 'select name from analytics.codes where code = $$09$$;\n');
    expect((await query(['--file', 'q.sql', '--format', 'csv'])).out).toBe('name\nCiudad de México\n');
    expect((await query(['--format', 'csv'], 'select 42 as answer')).out).toBe('answer\n42\n');
    expect((await query(['--file', '-', '--format', 'csv'], 'select 43 as answer')).out).toBe('answer\n43\n');
  });

  it('writes Parquet to --out, with the types kept', async () => {
    const out = join(dir, 'codes.parquet');
    const r = await query([
      'select code, 123456789012345678::BIGINT as big from analytics.codes',
      '--format',
      'parquet',
      '--out',
      'codes.parquet',
    ]);
    expect(r).toMatchObject({ code: 0, out: '' });
    const wh = await openWarehouse(':memory:');
    try {
      expect(
        await queryRows(
          wh.connection,
          `select code, big::VARCHAR as big from read_parquet('${out}') order by code`,
        ),
      ).toEqual([
        { code: '01', big: '123456789012345678' },
        { code: '09', big: '123456789012345678' },
      ]);
    } finally {
      wh.closeSync();
    }
  });

  it.each([
    [
      'a write after a read',
      ['select 1; create table analytics.u as select 1'],
      /statement 2 of 2 is CREATE/,
    ],
    [
      'a file read into Parquet',
      [`select * from read_csv('${'SECRET'}')`, '--format', 'parquet', '--out', 'leak.parquet'],
      /disabled/,
    ],
    [
      'a COPY as the Parquet query',
      [`copy (select 1) to 'x.csv'`, '--format', 'parquet', '--out', 'leak.parquet'],
      /only statements that read|disabled/,
    ],
  ])('refuses %s and writes nothing', async (_what, args, message) => {
    const r = await query(args.map((a) => a.replace('SECRET', join(dir, 'secret.csv'))));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(existsSync(join(dir, 'leak.parquet'))).toBe(false);
    expect(readFileSync(join(dir, 'secret.csv'), 'utf8')).toBe('a\n42\n');
  });

  it.each([
    [['--format', 'parquet', 'select 1'], /--format parquet needs --out <file>/],
    [['--out', 'x.parquet', 'select 1'], /--out applies to --format parquet only/],
    [['--max-rows', '-1', 'select 1'], /invalid --max-rows: "-1"/],
    [['select 1', '--file', 'q.sql'], /give the SQL or --file, not both/],
  ])('usage error for %j', async (args, message) => {
    const r = await query(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
