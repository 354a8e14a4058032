import { resolve } from 'node:path';
import { loadConfig } from '../context.ts';
import { defineCommand } from '../define.ts';
import { eventLog, writeReport } from '../runJob.ts';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write the report from the published warehouse',
  description: `Writes the bilingual report (index.html in English, es/index.html in Spanish, charts/*.vl.json and *.svg) from the
published warehouse.`,
  options: {
    out: {
      type: 'string',
      value: '<dir>',
      help: 'where to write it (default: the configured reportDir, ./reports)',
    },
  },
  async run({ values, io, log }) {
    const config = await loadConfig(values, io);
    const out = values.out ? resolve(io.cwd ?? '.', values.out) : config.reportDir;
    log.debug('report.started', `report: writing from ${config.warehouse} to ${out}`);
    const events = await eventLog(config, io, log, false);
    return writeReport(
      config,
      out,
      (event, message, fields) => {
        events.clearProgress();
        log.result(event, `${message}\n`, fields);
      },
      events,
    );
  },
});
