import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRecords } from '../../src/warehouse/appendRows.ts';
import { queryRows } from '../../src/warehouse/connection.ts';

describe('appendRecords', () => {
  let instance: DuckDBInstance;
  let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
  beforeEach(async () => {
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    await db.run('CREATE SCHEMA a');
    await db.run(
      'CREATE TABLE a.t (id BIGINT NOT NULL, day DATE, label VARCHAR, v DOUBLE, ok BOOLEAN, later VARCHAR[])',
    );
  });
  afterEach(() => {
    db.closeSync();
    instance.closeSync();
  });

  const columns = { ok: 'boolean', v: 'double', label: 'text', day: 'text', id: 'bigint' } as const;

  it('writes by name in the table order, whatever the declaration order; undeclared columns are NULL', async () => {
    const n = await appendRecords(db, 'a', 't', columns, (append) => {
      append({ id: 1, day: '2024-06-30', label: 'Arizona', v: 103, ok: true });
      append({ id: 2, day: null, label: undefined, v: null, ok: false });
      return 2;
    });
    expect(n).toBe(2);
    const rows = await queryRows(
      db,
      'SELECT id, CAST(day AS VARCHAR) AS day, label, v, ok, later FROM a.t ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, day: '2024-06-30', label: 'Arizona', v: 103, ok: true, later: null },
      { id: 2, day: null, label: null, v: null, ok: false, later: null },
    ]);
  });

  it('refuses a declared column the table does not have, before writing anything', async () => {
    await expect(
      appendRecords(db, 'a', 't', { ...columns, observed: 'double' }, (append) =>
        append({ id: 1, day: null, label: null, v: 1, ok: null, observed: 2 }),
      ),
    ).rejects.toThrow('cannot append to a.t: no column observed');
    expect(await queryRows(db, 'SELECT count(*) AS n FROM a.t')).toEqual([{ n: 0 }]);
  });

  it('refuses an unknown table by name', async () => {
    await expect(appendRecords(db, 'a', 'alerts', columns, () => 0)).rejects.toThrow(
      'cannot append to a.alerts: no such table',
    );
  });
});
