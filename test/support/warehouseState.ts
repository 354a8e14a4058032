import { openWarehouse, queryRows, queryValue } from '../../src/warehouse/connection.ts';

/** Row count and an order-independent checksum of every table in a warehouse file. */
export async function tableFingerprints(path: string): Promise<Record<string, string>> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    const tables = await queryRows<{ name: string }>(
      wh.connection,
      `SELECT schema_name || '.' || table_name AS name FROM duckdb_tables() WHERE database_name = current_database()
       ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const n = await queryValue<number>(wh.connection, `SELECT count(*) FROM ${name}`);
      const sum = await queryValue<string>(
        wh.connection,
        `SELECT coalesce(sum(hash(t))::VARCHAR, '0') FROM ${name} AS t`,
      );
      out[name] = `${n}:${sum}`;
    }
    return out;
  } finally {
    wh.closeSync();
  }
}
