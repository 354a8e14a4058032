import { once } from 'node:events';
import { renameSync, rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../core/config.ts';
import { refuseAllButReads, withTimeLimit } from '../warehouse/readerQuery.ts';
import type { Io, Log } from './define.ts';
import { UsageError } from './define.ts';
import { exactJson } from './exactJson.ts';
import { withPublished } from './published.ts';
import { type QueryFormat, sinkFor } from './queryOutput.ts';

export interface QueryOptions {
  format: QueryFormat;
  /** Rows shown per statement; 0: all. */
  maxRows: number;
  /** The Parquet file (format parquet). */
  out?: string;
}

/**
 * Every statement of `sql` on the sealed, read-only published warehouse (each checked to be a read before any
 * runs, all under query.timeoutMs), printed chunk by chunk, waiting for stdout to drain so memory stays flat.
 */
export async function runQuery(
  io: Io,
  log: Log,
  config: Config,
  sql: string,
  opts: QueryOptions,
): Promise<number> {
  const tmp = opts.out ? `${opts.out}.${process.pid}.tmp` : undefined;
  return withPublished(
    config,
    async (wh) => {
      const connection = wh.connection;
      await refuseAllButReads(connection, sql);
      const statements = await connection.extractStatements(sql);
      if (opts.format === 'parquet') {
        if (statements.count !== 1) {
          throw new UsageError(
            `--format parquet writes one result: give one statement, not ${statements.count}`,
          );
        }
        await withTimeLimit(connection, config.query.timeoutMs, () =>
          copyToParquet(connection, sql, tmp as string),
        );
        renameSync(tmp as string, opts.out as string);
        log.info('query.written', `query: wrote ${opts.out}`, { out: opts.out });
        return 0;
      }
      const drain = async () => {
        if (io.ownProcess && process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
      };
      await withTimeLimit(connection, config.query.timeoutMs, async () => {
        for (let i = 0; i < statements.count; i++) {
          const result = await (await statements.prepare(i)).stream();
          const sink = sinkFor(opts.format as Exclude<QueryFormat, 'parquet'>, result.columnNames(), io.out, {
            maxRows: opts.maxRows,
            statement: i,
            note: (text) => log.info('query.more_rows', text, { statement: i + 1 }),
          });
          const began = Date.now();
          let room = opts.maxRows > 0 ? opts.maxRows : Number.POSITIVE_INFINITY;
          let shown = 0;
          let more = 0;
          for (
            let chunk = await result.fetchChunk();
            chunk && chunk.rowCount > 0;
            chunk = await result.fetchChunk()
          ) {
            // Past --max-rows the rest is only counted, not converted.
            if (room <= 0) {
              more += chunk.rowCount;
              continue;
            }
            const rows = chunk.convertRows(exactJson);
            const kept = rows.length > room ? rows.slice(0, room) : rows;
            sink.rows(kept);
            shown += kept.length;
            more += Math.max(0, rows.length - room);
            room -= rows.length;
            await drain();
          }
          sink.end(more);
          log.debug(
            'query.statement',
            `query: statement ${i + 1} of ${statements.count}: ${shown + more} row(s) in ${Date.now() - began} ms`,
            { statement: i + 1, rows: shown + more, durationMs: Date.now() - began },
          );
        }
      });
      return 0;
    },
    {
      sealed: true,
      memoryLimit: config.query.memoryLimit,
      ...(tmp ? { writablePaths: [tmp] } : {}),
    },
  ).catch((error) => {
    if (tmp) rmSync(tmp, { force: true });
    throw error;
  });
}

async function copyToParquet(connection: DuckDBConnection, sql: string, file: string): Promise<void> {
  const { quotedString } = await import('@duckdb/node-api');
  // The SQL was checked to be one read; the sealed connection may write this one file and nothing else.
  const select = sql.trim().replace(/;\s*$/, '');
  await connection.run(`COPY (${select}\n) TO ${quotedString(file)} (FORMAT parquet, USE_TMP_FILE false)`);
}
