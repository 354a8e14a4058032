/** Cron expressions and IANA time zones: checked before anything is scheduled, and the next times they give. */
import cron from 'node-cron';

export interface CronSchedule {
  cron: string;
  timezone: string;
}

/** Problems with a schedule, each a full sentence naming where it came from; empty when it is valid. */
export function scheduleProblems(schedule: CronSchedule, where: string): string[] {
  const problems: string[] = [];
  const detailed = cron.validateDetailed(schedule.cron);
  if (!detailed.valid) {
    const reasons = detailed.errors.map((e) =>
      e.field === 'expression' ? e.message : `${e.field}: ${e.message}`,
    );
    problems.push(
      `${where}: invalid cron expression "${schedule.cron}": ${reasons.join('; ')} (expected 5 fields "minute hour day month weekday", or 6 with seconds first)`,
    );
  }
  if (canonicalTimezone(schedule.timezone) === null) {
    problems.push(
      `${where}: unknown time zone "${schedule.timezone}" (expected an IANA name such as America/New_York, America/Mexico_City or UTC)`,
    );
  }
  return problems;
}

/** The IANA zone as the runtime spells it (america/new_york → America/New_York); null when unknown. */
export function canonicalTimezone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The next `count` times the schedule fires after now (a valid schedule is assumed). */
export function nextRuns(schedule: CronSchedule, count = 1): Date[] {
  const task = cron.createTask(schedule.cron, () => {}, { timezone: schedule.timezone });
  try {
    return task.getNextRuns(count);
  } finally {
    task.destroy();
  }
}

/** Next fire time, or null when the schedule is invalid. */
export function nextRunOrNull(schedule: CronSchedule): Date | null {
  if (scheduleProblems(schedule, '').length > 0) return null;
  return nextRuns(schedule, 1)[0] ?? null;
}
