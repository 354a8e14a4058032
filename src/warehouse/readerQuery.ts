/**
 * SQL written by people (`centinela query`, notebooks) runs sealed (connection.ts) and, on top of that, only if
 * every statement in it reads: a COPY, ATTACH, DETACH, SET, LOAD, CREATE or CALL is refused before anything runs,
 * with its position and kind. Each query also gets a time limit: past it, DuckDB is interrupted.
 */
import { type DuckDBConnection, StatementType } from '@duckdb/node-api';

export interface ReaderLimits {
  /** Longest a researcher's query may run. */
  timeoutMs: number;
  /** DuckDB's memory_limit for the sealed connection (e.g. "1GB"). */
  memoryLimit: string;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { timeoutMs: 300_000, memoryLimit: '1GB' };

const READS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

export class NotAReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAReadError';
  }
}

/** Throws unless every statement of `sql` only reads (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN). */
export async function refuseAllButReads(connection: DuckDBConnection, sql: string): Promise<void> {
  const statements = await connection.extractStatements(sql);
  for (let i = 0; i < statements.count; i++) {
    const type = (await statements.prepare(i)).statementType;
    if (READS.has(type)) continue;
    const which = statements.count > 1 ? `statement ${i + 1} of ${statements.count}` : 'the statement';
    throw new NotAReadError(
      `the published warehouse is read-only here: ${which} is ${StatementType[type] ?? `of type ${type}`}, and only statements that read (SELECT, WITH, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN) may run; nothing was run`,
    );
  }
}

/** Runs `work`, interrupting DuckDB once `timeoutMs` has passed; the error then says so. */
export async function withTimeLimit<T>(
  connection: DuckDBConnection,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, timeoutMs);
  try {
    return await work();
  } catch (error) {
    if (timedOut)
      throw new Error(
        `query stopped after ${timeoutMs / 1000} s: it ran past the time limit (query.timeoutMs)`,
      );
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
