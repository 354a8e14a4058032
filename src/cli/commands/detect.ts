import { loadContext } from '../context.ts';
import { defineCommand } from '../define.ts';
import { runJob } from '../runJob.ts';
import { waitOption } from './run.ts';

export const detectCommand = defineCommand({
  name: 'detect',
  summary: 'rerun the detectors on the warehouse and publish',
  description: `Reruns the detectors over the warehouse's monthly fentanyl and methamphetamine series, records the verdicts in
analytics.alerts under a new run id, and publishes.`,
  options: { wait: waitOption },
  async run({ values, io, log }) {
    const { config, pipelines, data } = await loadContext(values, io);
    return runJob(io, log, config, pipelines, pipelines, {
      command: 'detect',
      data,
      report: false,
      wait: values.wait,
    });
  },
});
