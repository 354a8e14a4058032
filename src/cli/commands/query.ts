import { loadConfig } from '../context.ts';
import { defineCommand } from '../define.ts';
import type { OutputFormat } from '../formatRows.ts';
import { withPublished } from '../published.ts';

export const queryCommand = defineCommand({
  name: 'query',
  summary: 'run read-only SQL on the published warehouse',
  description:
    'Runs SQL on the published warehouse, opened read-only (writes are refused), and prints the result.',
  options: {
    format: {
      type: 'string',
      value: '<format>',
      choices: ['table', 'csv', 'json'],
      default: 'table',
      help: 'table, csv or json',
    },
  },
  positionals: { usage: '"<sql>"', min: 1, max: 1, error: 'query takes exactly one SQL string (quote it)' },
  async run({ values, positionals, io }) {
    const config = await loadConfig(values, io);
    const sql = positionals[0] as string;
    const [{ formatRows }, { refuseAllButReads, withTimeLimit }] = await Promise.all([
      import('../formatRows.ts'),
      import('../../warehouse/readerQuery.ts'),
    ]);
    return withPublished(
      config,
      async (wh) => {
        await refuseAllButReads(wh.connection, sql);
        const reader = await withTimeLimit(wh.connection, config.query.timeoutMs, () =>
          wh.connection.runAndReadAll(sql),
        );
        const columns = reader.columnNames();
        const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
        io.out(formatRows(columns, rows, values.format as OutputFormat));
        return 0;
      },
      { sealed: true, memoryLimit: config.query.memoryLimit },
    );
  },
});
