import { loadConfig } from '../context.ts';
import { defineCommand, UsageError } from '../define.ts';

export const schemaCommand = defineCommand({
  name: 'schema',
  summary: 'write docs/schema.md from the warehouse catalogue',
  description: `Writes the warehouse's schema documentation (docs/schema.md): every schema, table, view, column and macro with its
type and description, from the DuckDB catalogue (COMMENT ON, meta.schemas), and example queries. By default it
documents the schema the code defines: every migration in sql/schema, a raw table per pipeline (built-in and
pipelineDirs), the seeds, staging views and analytics tables, built in memory with no data. Run it after adding a
source or a migration; the tests fail while docs/schema.md is stale.`,
  options: {
    out: {
      type: 'string',
      value: '<file>|-',
      help: 'where to write it (default: docs/schema.md of the project); - for standard output',
    },
    check: { type: 'boolean', help: 'write nothing; exit 1 if the file is not up to date' },
    published: {
      type: 'boolean',
      help: 'document the published warehouse (the configured "warehouse") instead of the code\'s schema',
    },
  },
  footer: 'Exit codes: 0 written (or up to date), 1 failed (or, with --check, stale), 2 usage error.',
  async run({ values, io, log }) {
    if (values.check && values.out === '-') {
      throw new UsageError('--check compares with a file; it cannot be used with --out -');
    }
    const config = await loadConfig(values, io);
    const { writeSchema } = await import('../writeSchema.ts');
    return writeSchema(values, io, log, config);
  },
});
