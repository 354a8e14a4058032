import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../context.ts';
import { defineCommand, type Io, UsageError } from '../define.ts';
import { QUERY_FORMATS, type QueryFormat } from '../queryOutput.ts';

export const queryCommand = defineCommand({
  name: 'query',
  summary: 'run read-only SQL on the published warehouse',
  description: `Runs SQL on the published warehouse, opened read-only and sealed (only statements that read run: SELECT, WITH,
DESCRIBE, SUMMARIZE, SHOW, EXPLAIN; no file, network or extension access), and prints every statement's result as
DuckDB yields it, so results of any size stream in constant memory. The SQL is the argument, the --file, or
standard input (centinela query < analysis.sql).

JSON values are exact: integers as numbers up to 2^53, beyond as strings ("123456789012345678"); DECIMAL as a
string ("12.50"); DATE as "YYYY-MM-DD"; TIMESTAMP as ISO 8601 ("2024-01-02T03:04:05", "…Z" with a time zone);
INTERVAL as {"months", "days", "micros"}; BLOB as DuckDB's escaped text ("\\xAA"); NULL as null. The table escapes
line breaks and tabs in values (\\n, \\t) so each row stays on one line.`,
  options: {
    format: {
      type: 'string',
      value: '<format>',
      choices: QUERY_FORMATS,
      default: 'table',
      help: 'table, csv, json (an array per statement), jsonl or parquet (with --out)',
    },
    'max-rows': {
      type: 'number',
      value: '<n>',
      integer: true,
      help: 'rows shown per statement, then how many more\n(default 40 for the table, all for the others; 0: all)',
    },
    file: { type: 'string', value: '<file>', help: 'read the SQL from this file (- for standard input)' },
    out: { type: 'string', value: '<file>', help: 'with --format parquet: the file to write' },
  },
  jsonLogTo: 'stderr',
  positionals: {
    usage: '["<sql>"]',
    min: 0,
    max: 1,
    error: 'query takes one SQL string (quote it), --file <file>, or the SQL on standard input',
  },
  async run({ values, positionals, io, log }) {
    const sql = await readSql(positionals[0], values.file, io);
    const format = values.format as QueryFormat;
    if (format === 'parquet' && !values.out) throw new UsageError('--format parquet needs --out <file>');
    if (format !== 'parquet' && values.out) throw new UsageError('--out applies to --format parquet only');
    const config = await loadConfig(values, io);
    const { runQuery } = await import('../runQuery.ts');
    return runQuery(io, log, config, sql, {
      format,
      maxRows: values['max-rows'] ?? (format === 'table' ? 40 : 0),
      ...(values.out ? { out: resolve(io.cwd ?? '.', values.out) } : {}),
    });
  },
});

async function readSql(argument: string | undefined, file: string | undefined, io: Io): Promise<string> {
  if (argument !== undefined && file !== undefined) throw new UsageError('give the SQL or --file, not both');
  if (argument !== undefined) return argument;
  if (file !== undefined && file !== '-') return readFileSync(resolve(io.cwd ?? '.', file), 'utf8');
  const stdin = io.stdin ?? (io.ownProcess ? process.stdin : undefined);
  if (!stdin || (file === undefined && (stdin as { isTTY?: boolean }).isTTY)) {
    throw new UsageError(
      'query takes one SQL string (quote it), --file <file>, or the SQL on standard input',
    );
  }
  let text = '';
  for await (const chunk of stdin) text += chunk.toString();
  if (text.trim() === '') throw new UsageError('no SQL on standard input');
  return text;
}
