import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { buildSchemaOnlyWarehouse, SCHEMA_DOC_PATH } from '../../src/schemaDoc/index.ts';
import { mainWithConfig } from '../support/runCli.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
    out,
    err,
    text: () => out.join(''),
    errors: () => err.join(''),
  };
}

describe('centinela export (exportCommand)', () => {
  let temp: TempConfig;
  beforeAll(async () => {
    temp = tempConfig();
    mkdirSync(join(temp.dir, 'data'), { recursive: true });
    const wh = await buildSchemaOnlyWarehouse(pipelines, temp.config.warehouse);
    await wh.connection.run(
      `INSERT INTO analytics.observations VALUES
        ('cdc_vsrr_state', 'US', 'state', 'AZ', DATE '2023-02-01', DATE '2024-01-31', '12mo_ending', 'fentanyl', 'deaths', 1500, 'reported', DATE '2024-06-12', 1, NULL),
        ('inegi_deaths', 'MX', 'state', '02', DATE '2023-01-01', DATE '2023-01-31', 'month', 'methamphetamine', 'deaths', 12, 'reported', DATE '2024-10-24', 2, NULL)`,
    );
    wh.closeSync();
  });
  afterAll(() => temp?.cleanup());

  it.each([
    [[], /--format is required/],
    [['--format', 'xlsx', '--out', 'x'], /invalid --format: "xlsx"/],
    [['--format', 'csv'], /--out <dir> is required/],
    [['--format', 'csv', '--out', 'x', '--table', 'nope'], /unknown table "nope"/],
    [['--format', 'csv', '--out', 'x', '--as-of', '2024-02-30'], /invalid --as-of "2024-02-30"/],
    [
      ['--format', 'csv', '--out', 'x', '--table', 'rates', '--as-of', '2024-02-01'],
      /--as-of applies to observations and alerts, not rates/,
    ],
    [['--format', 'csv', '--out', 'x', '--bogus'], /unknown option --bogus for "export"/],
    [['--format', 'csv', '--out', 'x', 'extra'], /unexpected argument for "export": "extra"/],
  ])('usage error %j → exit 2 with the usage', async (args, message) => {
    const t = io();
    expect(await mainWithConfig('export', args as string[], t.io, temp.config)).toBe(2);
    expect(t.errors()).toMatch(message);
    expect(t.errors()).toContain('Usage: centinela export');
  });

  it('refuses a second statement in --where (exit 2) and writes nothing', async () => {
    const out = join(temp.dir, 'never');
    const t = io();
    expect(
      await mainWithConfig(
        'export',
        ['--format', 'csv', '--out', out, '--where', "drug = 'x'; DROP TABLE meta.runs"],
        t.io,
        temp.config,
      ),
    ).toBe(2);
    expect(t.errors()).toMatch(/not several statements/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(temp.dir).filter((f) => f.includes('.export-'))).toEqual([]);
  });

  it('exports, prints the folder, and refuses to overwrite without --force', async () => {
    const out = join(temp.dir, 'mx');
    const t = io();
    expect(
      await mainWithConfig(
        'export',
        ['--format', 'parquet', '--out', out, '--where', "country = 'MX'"],
        t.io,
        temp.config,
      ),
    ).toBe(0);
    expect(t.text()).toBe(`${out}\n`);
    expect(t.errors()).toMatch(
      /export: 1 row\(s\) of analytics\.observations where country = 'MX' → 1 parquet file/,
    );
    expect(readdirSync(join(out, 'source=inegi_deaths'))).toEqual(['year=2023']);
    const again = io();
    expect(await mainWithConfig('export', ['--format', 'csv', '--out', out], again.io, temp.config)).toBe(1);
    expect(again.errors()).toMatch(/is not empty; choose a new folder, or replace it with --force/);
    expect(readdirSync(out).sort()).toEqual(['_export.json', 'source=inegi_deaths']);
    const forced = io();
    expect(
      await mainWithConfig('export', ['--format', 'csv', '--out', out, '--force'], forced.io, temp.config),
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['_export.json', 'observations.csv']);
    expect(JSON.parse(readFileSync(join(out, '_export.json'), 'utf8')).rows).toBe(2);
  });

  it('never replaces, even with --force, a folder that is not an earlier export', async () => {
    const precious = join(temp.dir, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.tex'), 'years of work');
    const t = io();
    expect(
      await mainWithConfig('export', ['--format', 'csv', '--out', precious, '--force'], t.io, temp.config),
    ).toBe(1);
    expect(t.errors()).toMatch(
      /holds files that are not a Centinela export .*--force only replaces an earlier export/,
    );
    expect(readdirSync(precious)).toEqual(['thesis.tex']);
  });

  it('fails clearly (exit 1) without a published warehouse', async () => {
    const t = io();
    const code = await mainWithConfig('export', ['--format', 'arrow', '--out', join(temp.dir, 'a')], t.io, {
      ...temp.config,
      warehouse: join(temp.dir, 'missing.duckdb'),
    });
    expect(code).toBe(1);
    expect(t.errors()).toMatch(/no published warehouse at .*missing\.duckdb; run "centinela run" first/);
  });

  it('prints its help', async () => {
    const t = io();
    expect(await mainWithConfig('export', ['--help'], t.io, temp.config)).toBe(0);
    expect(t.text()).toContain('Hive-partitioned by source and year');
  });
});

describe('centinela schema (schemaCommand)', () => {
  let temp: TempConfig;
  beforeAll(() => {
    temp = tempConfig();
  });
  afterAll(() => temp?.cleanup());

  it('writes the document, and --check tells whether a file is up to date', async () => {
    const file = join(temp.dir, 'schema.md');
    const check = io();
    expect(await mainWithConfig('schema', ['--out', file, '--check'], check.io, temp.config)).toBe(1);
    expect(check.errors()).toMatch(/does not exist/);
    const write = io();
    expect(await mainWithConfig('schema', ['--out', file], write.io, temp.config)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(SCHEMA_DOC_PATH, 'utf8'));
    expect(await mainWithConfig('schema', ['--out', file, '--check'], io().io, temp.config)).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('analytics.observations', 'analytics.obs'));
    const stale = io();
    expect(await mainWithConfig('schema', ['--out', file, '--check'], stale.io, temp.config)).toBe(1);
    expect(stale.errors()).toMatch(/is stale \(first difference at line \d+\); run "centinela schema"/);
  });

  it('prints to standard output with --out -, and refuses bad options with exit 2', async () => {
    const t = io();
    expect(await mainWithConfig('schema', ['--out', '-'], t.io, temp.config)).toBe(0);
    expect(t.text()).toMatch(/^# The Centinela warehouse: schema/);
    const bad = io();
    expect(await mainWithConfig('schema', ['--nope'], bad.io, temp.config)).toBe(2);
    expect(bad.errors()).toContain('Usage: centinela schema');
  });

  it('documents the published warehouse with --published, or says there is none', async () => {
    const t = io();
    expect(await mainWithConfig('schema', ['--published', '--out', '-'], t.io, temp.config)).toBe(1);
    expect(t.errors()).toMatch(/no published warehouse/);
  });
});
