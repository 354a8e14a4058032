import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { restoreSpreadsheetCell } from '../../src/export/csv.ts';
import { exportWarehouse, isTextColumn, neutraliseCell, restoreCell } from '../../src/export/index.ts';
import { buildSchemaOnlyWarehouse } from '../../src/schemaDoc/index.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { csvBack, rowDifference } from './readBack.ts';

describe('formula protection, cell by cell', () => {
  it('neutralises cells a spreadsheet would evaluate, and only those', () => {
    for (const cell of ['=1+1', '+52 55 1234', '-5', '@SUM(A1)', '\t=1', '\r=1', "'quoted"])
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'fentanyl', '5', ' =1', 'a=b', '(-5)', 'Ñuñoa', '[cbp_seizures]'])
      expect(neutraliseCell(cell)).toBe(cell);
  });

  it('is undone exactly by removing one leading apostrophe (any text)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => restoreCell(neutraliseCell(s)) === s));
  });

  it('leaves numeric, boolean and date columns alone (a negative number is a number, not a formula)', () => {
    for (const t of [
      'DOUBLE',
      'BIGINT',
      'INTEGER',
      'DECIMAL(18,3)',
      'DATE',
      'BOOLEAN',
      'TIMESTAMP WITH TIME ZONE',
    ])
      expect(isTextColumn(t)).toBe(false);
    for (const t of ['VARCHAR', 'JSON', 'VARCHAR[]', 'INTERVAL', 'UUID']) expect(isTextColumn(t)).toBe(true);
  });
});

describe('CSV export of hostile text', () => {
  let temp: TempConfig;
  let path: string;
  const notes = [
    '=HYPERLINK("http://evil.example","click")',
    '+1 (555) 010-9999',
    '-5',
    '@SUM(1+1)*cmd|" /C calc"!A0',
    '\t=1+1',
    '\r=1+1',
    "'already quoted",
    'línea con acentos: Ñ, é, ü',
    'comma, "quote" and\nnewline',
    '',
    null,
  ];
  beforeAll(async () => {
    temp = tempConfig();
    path = join(temp.dir, 'hostile.duckdb');
    const wh = await buildSchemaOnlyWarehouse(pipelines, path);
    try {
      for (const [i, note] of notes.entries()) {
        await wh.connection.run(
          `INSERT INTO analytics.observations VALUES ('src_' || $1, 'MX', 'state', $2, DATE '2024-01-01', DATE '2024-01-31',
             'month', 'fentanyl', 'deaths', $3, 'reported', DATE '2024-02-15', $1, $4)`,
          [i, i % 2 === 0 ? '=cmd' : `0${i}`, i % 3 === 0 ? -(i + 0.25) : i * 1e6, note],
        );
      }
    } finally {
      wh.closeSync();
    }
  });
  afterAll(() => temp?.cleanup());

  it('writes a BOM, protects every text cell that could be a formula, leaves negative numbers as numbers', async () => {
    const out = join(temp.dir, 'csv');
    const { manifest } = await exportWarehouse({ warehouse: path, format: 'csv', out });
    expect(manifest.rows).toBe(notes.length);
    const bytes = readFileSync(join(out, 'observations.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"'+1 (555) 010-9999"`);
    expect(text).toContain(`,"'-5"\n`);
    expect(text).toContain("'@SUM(1+1)*cmd|");
    expect(text).toContain(`,"''already quoted"\n`);
    expect(text).toContain("'=cmd");
    expect(text).toContain('línea con acentos: Ñ, é, ü');
    expect(text).toMatch(/,-0\.25,"reported",/); // value -0.25 in the DOUBLE column: a number, unprotected
    expect(text).not.toContain("'-0.25");
    // No text cell of the file starts with a formula character (each line parsed by DuckDB's reader).
    const db = await openWarehouse(':memory:');
    try {
      const cells = await queryRows<{ cell: string }>(
        db.connection,
        `SELECT unnest([source, geo_code, note]) AS cell FROM read_csv('${join(out, 'observations.csv')}', all_varchar = true, header = true)`,
      );
      const dangerous = cells.filter((c) => c.cell !== null && /^[=+\-@\t\r]/.test(c.cell));
      expect(dangerous).toEqual([]);
      // And it reads back to exactly the rows exported (empty string and NULL kept apart).
      await db.connection.run(`ATTACH '${path}' AS w (READ_ONLY)`);
      expect(
        await rowDifference(
          db.connection,
          csvBack(join(out, 'observations.csv'), manifest.columns),
          'SELECT * FROM w.analytics.observations',
          manifest.columns,
        ),
      ).toBe(0);
      const empties = await queryRows<{ n: number; nulls: number }>(
        db.connection,
        `SELECT count(*) FILTER (WHERE note = '') AS n, count(*) FILTER (WHERE note IS NULL) AS nulls
         FROM (${csvBack(join(out, 'observations.csv'), manifest.columns)})`,
      );
      expect(empties).toEqual([{ n: 1, nulls: 1 }]);
    } finally {
      db.closeSync();
    }
  });

  /** The rows as exported, text cells as the export's reader should see them after undoing the protection. */
  const expected = () =>
    notes.map((note, i) => ({ geo_code: i % 2 === 0 ? '=cmd' : `0${i}`, note: note ?? null }));

  it("reads with DuckDB's read_csv, Python's csv and R's read.csv, codes kept as text", async () => {
    const out = join(temp.dir, 'readers');
    await exportWarehouse({ warehouse: path, format: 'csv', out });
    const file = join(out, 'observations.csv');
    const db = await openWarehouse(':memory:');
    try {
      const rows = await queryRows<{ geo_code: string; note: string | null; value: number }>(
        db.connection,
        `SELECT geo_code, note, value FROM read_csv('${file}') ORDER BY load_id`,
      );
      expect(
        rows.map((r) => ({
          geo_code: restoreCell(r.geo_code),
          note: r.note === null ? null : restoreCell(r.note),
        })),
      ).toEqual(expected().map((e) => ({ ...e, note: e.note === '' ? null : e.note })));
      expect(rows[1]?.value).toBe(1e6);
    } finally {
      db.closeSync();
    }
    let python: string;
    try {
      python = execFileSync('python3', [
        '-c',
        `import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
print(json.dumps([[r['geo_code'], r['note']] for r in sorted(rows, key=lambda r: int(r['load_id']))]))`,
        file,
      ]).toString();
    } catch (error) {
      console.warn(`python3 not available, its reader not tried: ${(error as Error).message}`);
      return;
    }
    expect(
      JSON.parse(python).map(([g, n]: string[]) => ({
        geo_code: restoreCell(g as string),
        note: restoreCell(n as string),
      })),
    ).toEqual(expected().map((e) => ({ ...e, note: e.note ?? '' })));
    let r: string;
    try {
      r = execFileSync('Rscript', [
        '-e',
        `d <- read.csv(commandArgs(TRUE)[1]); d <- d[order(d$load_id), ]; cat(nrow(d), class(d$geo_code), d$geo_code[2], d$geo_code[4], sep = "|")`,
        file,
      ]).toString();
    } catch (error) {
      console.warn(`Rscript not available, R's reader not tried: ${(error as Error).message}`);
      return;
    }
    expect(r).toBe(`${notes.length}|character|01|03`);
  });

  it('with --spreadsheet writes digit-only codes as ="01", which spreadsheets show as 01', async () => {
    const out = join(temp.dir, 'spreadsheet');
    const { manifest } = await exportWarehouse({ warehouse: path, format: 'csv', out, spreadsheet: true });
    expect(manifest.csv?.codes).toMatch(/="01"/);
    const text = readFileSync(join(out, 'observations.csv'), 'utf8');
    expect(text).toContain(',"=""01""",');
    expect(text).toContain(`,"'=cmd",`);
    const db = await openWarehouse(':memory:');
    try {
      const codes = await queryRows<{ geo_code: string }>(
        db.connection,
        `SELECT geo_code FROM read_csv('${join(out, 'observations.csv')}') ORDER BY load_id`,
      );
      expect(codes.map((c) => restoreSpreadsheetCell(c.geo_code))).toEqual(expected().map((e) => e.geo_code));
    } finally {
      db.closeSync();
    }
  });
});

describe('CSV whose first quoted value is far down the file', () => {
  let temp: TempConfig;
  let path: string;
  beforeAll(async () => {
    temp = tempConfig();
    path = join(temp.dir, 'late.duckdb');
    const wh = await buildSchemaOnlyWarehouse(pipelines, path);
    try {
      await wh.connection.run(
        `INSERT INTO analytics.observations SELECT 'src', 'US', 'state', 'AZ', DATE '2024-01-01', DATE '2024-01-31',
           'month', 'fentanyl', 'deaths', i, 'reported', DATE '2024-02-15', i,
           CASE WHEN i = 25000 THEN 'late, with a comma' ELSE 'plain' END FROM range(30000) t(i)`,
      );
    } finally {
      wh.closeSync();
    }
  });
  afterAll(() => temp?.cleanup());

  it("is read by DuckDB's read_csv with no options (its sniffer sees the quoting from the first line)", async () => {
    const out = join(temp.dir, 'csv');
    await exportWarehouse({ warehouse: path, format: 'csv', out });
    const db = await openWarehouse(':memory:');
    try {
      expect(
        await queryRows(
          db.connection,
          `SELECT count(*) AS n, max(note) FILTER (WHERE value = 25000) AS late FROM read_csv('${join(out, 'observations.csv')}')`,
        ),
      ).toEqual([{ n: 30000, late: 'late, with a comma' }]);
    } finally {
      db.closeSync();
    }
  });
});
