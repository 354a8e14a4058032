import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, quotedString } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

/** An open DuckDB file. Close it with closeSync(): the connection goes first, or the file stays locked. */
export interface Warehouse {
  path: string;
  readOnly: boolean;
  connection: DuckDBConnection;
  closeSync(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /**
   * For SQL written by people (query, notebooks): read-only, and unable to reach outside the file — no COPY TO,
   * ATTACH, file or URL reads, extension loading — with the configuration locked so that no SET can undo it.
   */
  sealed?: boolean;
  /**
   * With sealed: the only files the SQL may write (a query's --format parquet output), each written whole to that
   * path (COPY … USE_TMP_FILE false); everything else stays out of reach.
   */
  writablePaths?: string[];
  /** DuckDB's memory_limit (e.g. "256MB"): beyond it, joins, sorts and windows spill to a temporary folder. */
  memoryLimit?: string;
  /** DuckDB's worker threads; each holds buffers of its own within memoryLimit. */
  threads?: number;
}

const SEALED: Record<string, string> = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  lock_configuration: 'true',
};

const UNTIL_SEALED: Record<string, string> = Object.fromEntries(
  Object.entries(SEALED).filter(([key]) => key !== 'enable_external_access' && key !== 'lock_configuration'),
);

export async function openWarehouse(path: string, opts: OpenOptions = {}): Promise<Warehouse> {
  const readOnly = (opts.readOnly ?? false) || (opts.sealed ?? false);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      ...(readOnly || opts.sealed ? { access_mode: 'READ_ONLY' } : {}),
      ...(opts.sealed && !opts.writablePaths ? SEALED : {}),
      ...(opts.sealed && opts.writablePaths ? UNTIL_SEALED : {}),
      ...(opts.memoryLimit ? { memory_limit: opts.memoryLimit } : {}),
      ...(opts.threads ? { threads: String(opts.threads) } : {}),
    });
  } catch (error) {
    throw new Error(
      `cannot open warehouse ${path}${readOnly ? ' read-only' : ''}: ${(error as Error).message}`,
    );
  }
  const connection = await instance.connect();
  if (opts.sealed && opts.writablePaths) {
    // allowed_paths cannot be set once external access is off, nor at creation: set in order, then locked.
    await connection.run(
      `SET allowed_paths = [${opts.writablePaths.map(quotedString).join(', ')}];
       SET enable_external_access = false;
       SET lock_configuration = true;`,
    );
  }
  return {
    path,
    readOnly,
    connection,
    closeSync() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs SQL and returns rows as plain objects; BIGINT becomes number (every count here fits in 2^53). */
export async function queryRows<T = Row>(
  connection: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row))
      out[key] = typeof value === 'bigint' ? Number(value) : value;
    return out as T;
  });
}

export async function queryValue<T = unknown>(
  connection: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T> {
  const rows = await queryRows(connection, sql, params);
  const first = rows[0];
  if (!first) throw new Error(`query returned no rows: ${sql.slice(0, 80)}`);
  return Object.values(first)[0] as T;
}

/** Runs a function in one transaction: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(connection: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT (disk full) may leave nothing to roll back; the first error is the one that explains.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
