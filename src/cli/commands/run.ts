import { enabledPipelines, loadContext } from '../context.ts';
import { defineCommand } from '../define.ts';
import { runJob } from '../runJob.ts';

export const waitOption = {
  type: 'number',
  value: '<s>',
  help: 'if a job is writing the warehouse, wait up to this many seconds for it (default lock.waitSeconds;\n0: exit at once with code 3, naming the process that holds the lock)',
} as const;

export const liveOption = {
  type: 'boolean',
  help: 'fetch from the publishers (data.cdc.gov, ...) instead of the bundled releases',
} as const;

export const runCommand = defineCommand({
  name: 'run',
  summary: 'every enabled pipeline once: fetch → load → transform → detect → publish → report',
  description: `Runs every enabled pipeline once: fetches or reads each input, keeps its bytes as a snapshot, loads new bytes into
raw tables, rebuilds staging and analytics, runs the data checks, runs the detectors, publishes the warehouse
atomically, and writes the report. Bytes loaded before are skipped. By default the real public releases bundled
in pipelines/<source>/releases/ are loaded; a source with none is reported as not loaded.`,
  options: {
    live: liveOption,
    'no-report': { type: 'boolean', help: 'skip the report' },
    wait: waitOption,
  },
  footer: `Ctrl-C (SIGINT) or SIGTERM rolls the run back and exits; a second one exits at once. Either way the published
warehouse is left as it was.`,
  async run({ values, io }) {
    const { config, pipelines, data } = await loadContext(values, io);
    return runJob(io, config, pipelines, enabledPipelines(config, pipelines), {
      command: 'run',
      data,
      report: !values['no-report'],
      wait: values.wait,
    });
  },
});
