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
  async run({ values, positionals, io, log }) {
    const [sub, ...files] = positionals;
    if (sub !== 'render') throw new UsageError(`expected "render", not "${sub}"`);
    const config = await loadConfig(values, io);
    const { notebookRender } = await import('../../notebook/render.ts');
    const outDir = values.out ? resolve(io.cwd ?? '.', values.out) : join(config.reportDir, 'notebooks');
    log.debug(
      'notebook.started',
      `notebook: rendering ${files.join(', ')} on ${config.warehouse} into ${outDir}`,
    );
    const started = Date.now();
    const code = await notebookRender({
      files: files.map((f) => resolve(io.cwd ?? '.', f)),
      warehouse: config.warehouse,
      limits: config.query,
      outDir,
      // Each page written is the command's result; a failing block or notebook is an error.
      io: {
        out: (text) => log.result('notebook.rendered', text),
        err: (text) => (text.startsWith('Usage:') ? io.err(text) : log.error('notebook.failed', text)),
      },
    });
    log.debug('notebook.finished', `notebook: ${Date.now() - started} ms`, {
      durationMs: Date.now() - started,
    });
    return code;
  },
});
