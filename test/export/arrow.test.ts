import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArrowFile } from '../../src/export/arrow.ts';
import { openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { loadArrowBack, rowDifference } from './readBack.ts';

describe('Arrow IPC from DuckDB column results', () => {
  let temp: TempConfig;
  let wh: Warehouse;
  beforeAll(async () => {
    temp = tempConfig();
    wh = await openWarehouse(':memory:');
    await wh.connection.run(`CREATE TABLE t AS
      SELECT i::INTEGER AS i, (i::BIGINT * 1000000000000) AS big, (i % 100)::TINYINT AS tiny, i::SMALLINT AS small,
             (i + 5)::UINTEGER AS u32, ((i + 5) * 3)::UBIGINT AS u64, i / 7 AS dbl, (i / 7)::FLOAT AS flt,
             (i / 3)::DECIMAL(18, 3) AS dec, i % 2 = 0 AS flag,
             DATE '1969-12-25' + (i * 40)::INTEGER AS day,
             TIMESTAMP '2024-03-10 01:59:59.123456' + INTERVAL (i) SECOND AS ts,
             TIMESTAMPTZ '2024-03-10 01:59:59.654321+00' + INTERVAL (i) MINUTE AS tstz,
             'texto ñ ' || i AS txt, ('{"i": ' || i || '}')::JSON AS js,
             CASE WHEN i % 3 = 0 THEN NULL ELSE ['a' || i, NULL, 'c'] END AS list,
             INTERVAL (i) DAY AS other
      FROM (SELECT range::INTEGER AS i FROM range(-5, 5000))`);
    await wh.connection.run(
      'INSERT INTO t SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL',
    );
  });
  afterAll(() => {
    wh?.closeSync();
    temp?.cleanup();
  });

  async function columns() {
    return (await queryRows<{ column_name: string; column_type: string }>(wh.connection, 'DESCRIBE t')).map(
      (c) => ({
        name: c.column_name,
        type: c.column_type,
        comment: c.column_name === 'txt' ? 'a comment' : null,
      }),
    );
  }

  it('writes every type so that it reads back identical, in several record batches, nulls included', async () => {
    const cols = await columns();
    const file = join(temp.dir, 't.arrow');
    const rows = await writeArrowFile(
      wh.connection,
      'SELECT * FROM t',
      cols,
      file,
      { centinela_table: 't' },
      1000,
    );
    expect(rows).toBe(5006);
    const table = tableFromIPC(readFileSync(file));
    expect(table.numRows).toBe(5006);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.schema.metadata.get('centinela_table')).toBe('t');
    expect(table.schema.fields.find((f) => f.name === 'txt')?.metadata.get('comment')).toBe('a comment');
    expect(String(table.schema.fields.find((f) => f.name === 'tstz')?.type)).toBe(
      'Timestamp<MICROSECOND, UTC>',
    );
    expect(String(table.schema.fields.find((f) => f.name === 'day')?.type)).toBe('Date32<DAY>');
    // Compare in DuckDB; DECIMAL becomes DOUBLE and other types text, as documented.
    const asExported = cols.map((c) => ({
      ...c,
      type: c.type.startsWith('DECIMAL') ? 'DOUBLE' : c.type === 'INTERVAL' ? 'VARCHAR' : c.type,
    }));
    const back = await loadArrowBack(wh.connection, file, asExported, 'back');
    const original = `SELECT * REPLACE (CAST(dec AS DOUBLE) AS dec, CAST(other AS VARCHAR) AS other) FROM t`;
    expect(await rowDifference(wh.connection, back.relation, original, asExported)).toBe(0);
  });

  it('writes the schema of an empty result', async () => {
    const file = join(temp.dir, 'empty.arrow');
    const cols = await columns();
    expect(await writeArrowFile(wh.connection, 'SELECT * FROM t WHERE false', cols, file, {})).toBe(0);
    const table = tableFromIPC(readFileSync(file));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(cols.map((c) => c.name));
  });
});
