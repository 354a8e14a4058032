import { formatDuration } from '../../core/time.ts';
import { loadContext } from '../context.ts';
import { defineCommand } from '../define.ts';
import { eventLog } from '../runJob.ts';
import { liveOption } from './run.ts';

export const scheduleCommand = defineCommand({
  name: 'schedule',
  summary: 'run every pipeline on its schedule, detection and report after new data (long-running)',
  description: `Runs until stopped: each enabled pipeline's load job at its cron time (its own schedule, or
pipelines.<name>.schedule: {cron, timezone} in the configuration) in its IANA time zone, then the detectors and the
report after any load that published new data. Every schedule is checked at start. A job still running when its
next time comes is skipped (and logged); transient failures (network, HTTP 5xx/429, a busy warehouse) are retried
with backoff (schedule.retries, pipelines.<name>.retries), then reported; a job whose time came while the scheduler
was down runs once on start-up. One JSON line per event goes to schedule.logFile (data/logs/centinela.jsonl), a
readable line to the terminal. Only one scheduler runs at a time, and only one process writes the warehouse at a time.`,
  options: {
    live: liveOption,
    'no-catch-up': { type: 'boolean', help: 'do not run the jobs missed while the scheduler was down' },
    wait: {
      type: 'number',
      value: '<s>',
      help: 'if another scheduler is running, wait up to this many seconds for it to exit (default: exit 3)',
    },
  },
  footer: `SIGINT/SIGTERM stops it gracefully (the running job rolls back or finishes publishing, locks are released) and it
exits 0; a second signal exits at once, leaving the published warehouse consistent.`,
  async run({ values, io, log }) {
    const { config, pipelines, data } = await loadContext(values, io);
    const [{ onShutdownSignals }, lock] = await Promise.all([
      import('../../schedule/signals.ts'),
      import('../../warehouse/lock.ts'),
    ]);
    const events = await eventLog(config, io, log, true);
    // Signals are handled from the start: one that comes while the scheduler is starting stops it once it has.
    let scheduler: { stop(signal: string): Promise<void> } | undefined;
    let stopBy: string | null = null;
    const signals = onShutdownSignals(
      (signal) => {
        if (scheduler) void scheduler.stop(signal);
        else stopBy = signal;
      },
      (message) => events.warn('scheduler.signal', message),
    );
    const { ScheduleConfigError, Scheduler } = await import('../../schedule/scheduler.ts');
    let started: Awaited<ReturnType<typeof Scheduler.start>>;
    try {
      started = await Scheduler.start({
        config,
        pipelines,
        log: events,
        data,
        ...(values['no-catch-up'] ? { catchUp: false } : {}),
        lockWaitMs: (values.wait ?? 0) * 1000,
      });
      scheduler = started;
    } catch (error) {
      signals.dispose();
      if (error instanceof ScheduleConfigError) {
        log.error('scheduler.config', `centinela schedule: ${error.message}`, { problems: error.problems });
        return 1;
      }
      if (error instanceof lock.LockBusyError) {
        log.error(
          'scheduler.busy',
          `centinela schedule: another scheduler is running: ${lock.describeHolder(error.holder)}.\n` +
            `Only one scheduler may run at a time. Stop it first, or wait for it with --wait <seconds>.\n` +
            `(lock file: ${error.lockPath})`,
          { holder: error.holder, lockPath: error.lockPath },
        );
        return 3;
      }
      throw error;
    }
    if (stopBy !== null) void started.stop(stopBy);
    const since = Date.now();
    await started.done;
    signals.dispose();
    const s = started.stats;
    // In JSON the scheduler.stopped event has carried these already.
    if (!log.json)
      io.err(
        `centinela schedule: stopped after ${formatDuration(Date.now() - since)}: ${s.executions} execution(s), ${s.succeeded} succeeded, ${s.failed} failed, ${s.recovered} recovered after retries, ${s.skipped} skipped (overlap)\n`,
      );
    return 0;
  },
});
