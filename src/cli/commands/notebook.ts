import { join, resolve } from 'node:path';
import { loadConfig } from '../context.ts';
import { defineCommand, UsageError } from '../define.ts';

export const notebookCommand = defineCommand({
  name: 'notebook',
  summary: 'render Markdown + SQL notebooks to offline HTML',
  description: `Runs each notebook's \`\`\`sql blocks read-only against the published warehouse and writes offline HTML (English and
Spanish).`,
  options: {
    out: { type: 'string', value: '<dir>', help: 'where to write the HTML (default: <reportDir>/notebooks)' },
  },
  positionals: {
    usage: 'render <notebook.md|folder>…',
    min: 2,
    max: Number.POSITIVE_INFINITY,
    error: 'notebook render needs at least one notebook or folder',
  },
  async run({ values, positionals, io }) {
    const [sub, ...files] = positionals;
    if (sub !== 'render') throw new UsageError(`expected "render", not "${sub}"`);
    const config = await loadConfig(values, io);
    const { notebookRender } = await import('../../notebook/render.ts');
    return notebookRender({
      files: files.map((f) => resolve(io.cwd ?? '.', f)),
      warehouse: config.warehouse,
      limits: config.query,
      outDir: values.out ? resolve(io.cwd ?? '.', values.out) : join(config.reportDir, 'notebooks'),
      io,
    });
  },
});
