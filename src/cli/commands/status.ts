import { loadContext } from '../context.ts';
import { defineCommand } from '../define.ts';
import { withPublished } from '../published.ts';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'per source: freshness, latest vintage, last load, next run, new alarms',
  description: `Shows, per source: its freshness (ok, warn or error), the latest vintage, the last successful load, the next
scheduled run, how its last scheduled job ended, and the alarms of the latest detection run (and how many are new
since the last report); whether a scheduler is running; the last published run.

Freshness: publishers' data is judged by the age of its latest vintage, demo data by the age of its last load (its
vintages are fixed dates). A source warns after 1.5 release periods (monthly: 46 days) and is in error after 2.5
(monthly: 77 days), unless pipelines.<name>.freshness sets warnAfterDays/errorAfterDays. A source never loaded, or
whose scheduled job failed after its retries, is in error.`,
  jsonLogTo: 'stderr',
  options: {
    json: {
      type: 'boolean',
      help: 'machine-readable output: snake_case keys, times in ISO 8601 UTC (README, "status --json")',
    },
    wide: { type: 'boolean', help: 'every column (last load, thresholds, last job) and unwrapped lines' },
  },
  footer: 'Exit code: 0 when nothing is in error (warnings included), 1 when a source or a job is in error.',
  async run({ values, io }) {
    const { config, pipelines } = await loadContext(values, io);
    const [
      { readStatus, readAlarmCounts },
      { buildStatus },
      { readState, statePath },
      lock,
      { readReportManifest },
    ] = await Promise.all([
      import('../status.ts'),
      import('../../schedule/health.ts'),
      import('../../schedule/state.ts'),
      import('../../warehouse/lock.ts'),
      import('../../schedule/report.ts'),
    ]);
    const lastReport = readReportManifest(config.reportDir);
    const held = await withPublished(config, async (wh) => ({
      ...(await readStatus(
        wh.connection,
        pipelines.map((p) => p.name),
      )),
      alarmCounts: await readAlarmCounts(wh.connection, lastReport?.detectionRunId ?? null),
    }));
    const result = buildStatus({
      config,
      pipelines,
      published: held.sources,
      lastRun: held.lastRun,
      latestAlerts: held.alerts,
      alarmCounts: held.alarmCounts,
      state: readState(statePath(config.workDir)),
      schedulerHolder: lock.currentHolder(lock.schedulerLockPath(config.workDir)),
      writerHolder: lock.currentHolder(lock.writerLockPath(config.workDir)),
      lastReport,
      now: new Date(),
    });
    if (values.json) {
      const { jsonStyle } = await import('../jsonStyle.ts');
      // next_run_local is the terminal's wall-clock form of next_run (UTC here): one form of a time in the JSON.
      const sources = result.sources.map(({ next_run_local: _local, ...rest }) => rest);
      io.out(`${JSON.stringify(jsonStyle({ ...result, sources }), null, 2)}\n`);
    } else {
      const env = io.env ?? process.env;
      // https://no-color.org: any non-empty NO_COLOR turns colour off.
      const colour = io.tty === true && !env.NO_COLOR && env.TERM !== 'dumb';
      io.out((await import('../formatStatus.ts')).formatStatus(result, { wide: values.wide, colour }));
    }
    return result.overall === 'error' ? 1 : 0;
  },
});
