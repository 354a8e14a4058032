import { loadContext } from '../context.ts';
import { defineCommand, UsageError } from '../define.ts';
import { runJob } from '../runJob.ts';
import { liveOption, waitOption } from './run.ts';

export const ingestCommand = defineCommand({
  name: 'ingest',
  summary: "load one pipeline's inputs (no detection, no report)",
  description: `Loads one pipeline's inputs, rebuilds analytics, runs the checks and publishes.`,
  moreHelp: async () => {
    const { pipelines } = await import('../../../pipelines/index.ts');
    return `Pipelines: ${pipelines.map((p) => p.name).join(', ')}.`;
  },
  options: { live: liveOption, wait: waitOption },
  positionals: { usage: '<pipeline>', min: 1, max: 1, error: 'ingest takes exactly one pipeline name' },
  async run({ values, positionals, io, log }) {
    const { config, pipelines, data } = await loadContext(values, io);
    const name = positionals[0] as string;
    const pipeline = pipelines.find((p) => p.name === name);
    if (!pipeline) {
      const { closest } = await import('../define.ts');
      const guess = closest(
        name,
        pipelines.map((p) => p.name),
      );
      throw new UsageError(
        `unknown pipeline: "${name}"${guess ? ` (did you mean ${guess}?)` : ''} (known: ${pipelines.map((p) => p.name).join(', ')})`,
      );
    }
    return runJob(io, log, config, pipelines, [pipeline], {
      command: 'ingest',
      data,
      report: false,
      wait: values.wait,
    });
  },
});
