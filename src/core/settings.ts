/**
 * Configuration of scheduling and operations (centinela.config.json): the shapes are defined here and merged into
 * the configuration schema by src/core/config.ts. Only zod here, so that config.ts can import it without a cycle.
 */
import { z } from 'zod';

/** Retries of a whole job run after a transient failure (network, timeout, HTTP 5xx/429, warehouse busy). */
export const retrySettings = z
  .object({
    /** Retries after the first attempt; 0 disables. */
    count: z.number().int().min(0).max(20).default(3),
    /** Delay before the first retry; doubled for each further one (with up to 10% jitter). */
    backoffMs: z.number().int().min(0).default(60_000),
    /** Cap on any one delay. */
    maxBackoffMs: z
      .number()
      .int()
      .min(0)
      .default(30 * 60_000),
  })
  .strict();
export type RetrySettings = z.infer<typeof retrySettings>;
export const DEFAULT_RETRIES: RetrySettings = retrySettings.parse({});

/** Per-pipeline overrides of what the pipeline file declares (schedule) or what is derived from it (freshness). */
export const pipelineOperationsShape = {
  /** Replaces the pipeline's own schedule (cron expression, 5 or 6 fields, and IANA time zone). */
  schedule: z
    .object({ cron: z.string().min(1), timezone: z.string().min(1) })
    .strict()
    .optional(),
  /** Replaces the thresholds derived from the pipeline's `releases`. */
  freshness: z
    .object({
      warnAfterDays: z.number().positive(),
      errorAfterDays: z.number().positive(),
    })
    .strict()
    .refine((f) => f.errorAfterDays > f.warnAfterDays, {
      error: 'errorAfterDays must be greater than warnAfterDays',
    })
    .optional(),
  /** Replaces schedule.retries for this pipeline's job (the settings given; the others come from schedule.retries). */
  retries: z
    .object({
      count: z.number().int().min(0).max(20).optional(),
      backoffMs: z.number().int().min(0).optional(),
      maxBackoffMs: z.number().int().min(0).optional(),
    })
    .strict()
    .optional(),
};

/** The writer lock, for the commands that write the warehouse by hand (run, ingest, detect). */
export const lockSettings = z
  .object({
    /** How long a manual run waits for a job that is writing; 0 = exit at once, naming the holder (--wait overrides). */
    waitSeconds: z.number().min(0).default(0),
  })
  .strict();

export const scheduleSettings = z
  .object({
    /** On start-up, run once each job whose time came while the scheduler was not running (not once per missed tick). */
    catchUp: z.boolean().default(true),
    /** Rerun the detectors after a load that published new data. */
    detect: z.boolean().default(true),
    /** Write the report after the detectors (or after a load when detect is off). */
    report: z.boolean().default(true),
    /** How long a scheduled job waits for a manual run that holds the writer lock before the attempt counts as failed. */
    lockWaitSeconds: z.number().min(0).default(1800),
    /** Default retries of every job; pipelines.<name>.retries overrides per pipeline. */
    retries: retrySettings.default(DEFAULT_RETRIES),
    /** One JSON line per event; relative to the configuration file's folder. */
    logFile: z.string().min(1).default('data/logs/centinela.jsonl'),
    /** The log file is renamed to <logFile>.1 when it grows past this size. */
    logMaxBytes: z
      .number()
      .int()
      .positive()
      .default(20 * 1024 * 1024),
    /** How often the scheduler logs a heartbeat (memory, next runs); 0 disables. */
    heartbeatSeconds: z.number().min(0).default(300),
  })
  .strict();

export type ScheduleSettings = z.infer<typeof scheduleSettings>;
export const DEFAULT_SCHEDULE: ScheduleSettings = scheduleSettings.parse({});
export const DEFAULT_LOCK = lockSettings.parse({});
