import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
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
    expect(text).toContain("'+1 (555) 010-9999");
    expect(text).toContain(",'-5\n");
    expect(text).toContain("'@SUM(1+1)*cmd|");
    expect(text).toContain(",''already quoted\n");
    expect(text).toContain("'=cmd");
    expect(text).toContain('línea con acentos: Ñ, é, ü');
    expect(text).toMatch(/,-0\.25,reported,/); // value -0.25 in the DOUBLE column: a number, unprotected
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
});
