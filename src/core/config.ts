import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { COUNT_METHODS, METHOD_NAMES, type MethodName } from './methodNames.ts';
import { inputSchema } from './pipeline.ts';
import type { MethodsByKind } from './seriesKind.ts';
import {
  DEFAULT_LOCK,
  DEFAULT_SCHEDULE,
  lockSettings,
  pipelineOperationsShape,
  scheduleSettings,
} from './settings.ts';

export const CONFIG_FILE = 'centinela.config.json';

const methodList = z.array(z.enum(METHOD_NAMES));
const countModels = new Set<string>(COUNT_METHODS);
/** Count models on a kind of series they do not fit is a configuration error, not a silent skip. */
const noCountModels = (what: string) =>
  methodList.refine((methods) => methods.every((m) => !countModels.has(m)), {
    message: `count models (${COUNT_METHODS.join(', ')}) need monthly counts; they do not apply to ${what}`,
  });

const EARS_NSSP: MethodName[] = ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'];
export const DEFAULT_METHODS: MethodsByKind = {
  counts: ['noufaily', 'farrington'],
  changes: EARS_NSSP,
  amounts: EARS_NSSP,
};

/** Methods by kind of series (src/core/seriesKind.ts); an empty list runs nothing on that kind. */
const methodsByKind = z
  .object({
    counts: methodList.default(DEFAULT_METHODS.counts),
    changes: noCountModels('12-month-ending changes, which can be negative').default(DEFAULT_METHODS.changes),
    amounts: noCountModels('amounts such as kilograms seized').default(DEFAULT_METHODS.amounts),
  })
  .strict();

/**
 * `methods` as a list (the older form): every method on every series it fits, count models on monthly counts only.
 * As an object: one list per kind of series.
 */
const methodsSetting = z.unknown().transform((value, ctx): MethodsByKind => {
  const parsed = Array.isArray(value)
    ? methodList.min(1).safeParse(value)
    : value !== null && typeof value === 'object'
      ? methodsByKind.safeParse(value)
      : null;
  if (parsed === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a list of methods, or { "counts": […], "changes": […], "amounts": […] }',
    });
    return z.NEVER;
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  if (!Array.isArray(parsed.data)) return parsed.data;
  const list = parsed.data;
  const fitting = list.filter((m) => !countModels.has(m));
  return { counts: list, changes: fitting, amounts: fitting };
});

const seriesGroup = z
  .object({
    drugs: z.array(z.string().min(1)).min(1),
    measures: z.array(z.string().min(1)).min(1),
    /** Only these levels (state, nation, port, …); all when absent. */
    geoLevels: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type SeriesGroup = z.infer<typeof seriesGroup>;

/**
 * The default selection: fentanyl and methamphetamine deaths and seizures in both countries, Mexico's monthly
 * drug-related deaths, and the SESNSP drug-crime totals for the states and the nation (docs/detectors.md).
 */
export const DEFAULT_SERIES: SeriesGroup[] = [
  {
    drugs: ['fentanyl', 'methamphetamine'],
    measures: ['deaths', 'seizure_events', 'seizure_kg'],
  },
  {
    drugs: ['mx_drug_related', 'mx_narcotics_poisoning'],
    measures: ['deaths'],
    geoLevels: ['state', 'nation'],
  },
  {
    drugs: ['narcomenudeo', 'contra_la_salud'],
    measures: ['investigations'],
    geoLevels: ['state', 'nation'],
  },
];
/** What `detect.drugs` / `detect.measures` (the older form) default to when only one of them is given. */
const LEGACY_DRUGS = ['fentanyl', 'methamphetamine'];
const LEGACY_MEASURES = ['deaths'];

const detectSchema = z
  .object({
    /** Which series: groups of drugs × measures (× levels). */
    series: z.array(seriesGroup).min(1).optional(),
    /** Older form of `series`: one group. */
    drugs: z.array(z.string().min(1)).min(1).optional(),
    measures: z.array(z.string().min(1)).min(1).optional(),
    methods: methodsSetting.optional(),
    /** False discovery rate for Benjamini–Hochberg across the series of a run. */
    fdr: z.number().gt(0).lt(1).default(0.05),
    /** Alarms of two sources for the same drug and place this many months apart or less corroborate each other. */
    corroborationLagMonths: z.number().int().min(0).max(24).default(3),
    ears: z
      .object({
        baseline: z.number().int().min(3).default(7),
        z: z.number().positive().default(3),
        h: z.number().positive().default(2),
        minSigma: z.number().min(0).default(0),
      })
      .strict()
      .default({ baseline: 7, z: 3, h: 2, minSigma: 0 }),
    trends: z
      .object({
        maxJoinpoints: z.number().int().min(0).max(5).default(2),
        minPeriods: z.number().int().min(6).default(24),
      })
      .strict()
      .default({ maxJoinpoints: 2, minPeriods: 24 }),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.series && (d.drugs || d.measures)) {
      ctx.addIssue({
        code: 'custom',
        path: ['series'],
        message: 'give either detect.series or the older detect.drugs / detect.measures, not both',
      });
    }
  })
  .transform(({ drugs, measures, series, methods, ...rest }) => ({
    ...rest,
    series:
      series ??
      (drugs || measures
        ? [{ drugs: drugs ?? LEGACY_DRUGS, measures: measures ?? LEGACY_MEASURES }]
        : DEFAULT_SERIES),
    methods: methods ?? DEFAULT_METHODS,
  }));

/** Text that can travel in an HTTP header: printable ASCII. */
const headerText = z
  .string()
  .min(1)
  .regex(/^[\x20-\x7e]+$/, 'expected printable ASCII (it is sent in an HTTP header)');

const memorySize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'expected a size such as "256MB" or "2GB"');

export const configSchema = z
  .object({
    /** The published warehouse researchers open. */
    warehouse: z.string().min(1).default('data/centinela.duckdb'),
    /** Where the scheduler's working warehouse lives (never opened by readers). */
    workDir: z.string().min(1).default('data/work'),
    snapshotDir: z.string().min(1).default('data/snapshots'),
    reportDir: z.string().min(1).default('reports'),
    /**
     * DuckDB's memory limit for runs (the writer): past it, DuckDB spills to a temporary folder beside the working
     * warehouse. The default keeps `npm start` under 500 MB; raise it for millions of rows.
     */
    memoryLimit: memorySize.default('128MB'),
    /**
     * DuckDB's threads for runs. Each thread keeps buffers of its own within memoryLimit: with two, the demo run's
     * revisions ran out of 128 MB on a loaded machine; with one it completes in 96 MB, and `npm start` takes as long.
     * Raise both for millions of rows.
     */
    threads: z.number().int().min(1).max(64).default(1),
    /** Limits on a researcher's SQL (`centinela query`, notebooks): each query's time, the connection's memory. */
    query: z
      .object({
        timeoutMs: z.number().int().positive().default(300_000),
        memoryLimit: memorySize.default('1GB'),
      })
      .strict()
      .default({ timeoutMs: 300_000, memoryLimit: '1GB' }),
    /** Extra folders of pipeline files (one file per source), beside the built-in pipelines/. */
    pipelineDirs: z.array(z.string().min(1)).default([]),
    http: z
      .object({
        timeoutMs: z.number().int().positive().default(60_000),
        retries: z.number().int().min(0).default(4),
        /** Cap on one download: one response, or every page of a paged API (Socrata, DKAN) together. */
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(512 * 1024 * 1024),
        /** Cap on the pages of one paged query (a server repeating a page would otherwise be read forever). */
        maxPages: z.number().int().positive().default(2000),
        /** Cap on what one compressed file (a gzipped release, a zip member) may inflate to. */
        maxInflatedBytes: z
          .number()
          .int()
          .positive()
          .default(512 * 1024 * 1024),
        /** How publishers can reach whoever runs this copy (a URL or mailto:), put in the User-Agent. */
        contact: headerText.optional(),
        /** Replaces the whole User-Agent (default `centinela/<version> (…; +<contact>)`). */
        userAgent: headerText.optional(),
      })
      .strict()
      .default({
        timeoutMs: 60_000,
        retries: 4,
        maxBytes: 512 * 1024 * 1024,
        maxPages: 2000,
        maxInflatedBytes: 512 * 1024 * 1024,
      }),
    pipelines: z
      .record(
        z.string(),
        z
          .object({
            enabled: z.boolean().default(true),
            /** Overrides the pipeline's own inputs (demo fixtures, or with --live the publisher's). */
            inputs: z.array(inputSchema).min(1).optional(),
            /** Scheduling and freshness overrides (src/core/settings.ts). */
            ...pipelineOperationsShape,
          })
          .strict(),
      )
      .default({}),
    detect: detectSchema.default(detectSchema.parse({})),
    /** The writer lock taken by run, ingest and detect (src/warehouse/lock.ts). */
    lock: lockSettings.default(DEFAULT_LOCK),
    /** centinela schedule: catch-up, chaining, retries, log file (src/core/settings.ts). */
    schedule: scheduleSettings.default(DEFAULT_SCHEDULE),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type DetectConfig = Config['detect'];

export interface LoadedConfig {
  config: Config;
  /** File it came from, or null when only defaults apply. */
  file: string | null;
}

/**
 * Reads centinela.config.json (or the file named), validates it, and resolves every path against the file's folder
 * (the working directory when there is no file).
 */
export function loadConfigSync(
  opts: { file?: string; cwd?: string; env?: Record<string, string | undefined> } = {},
): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const file = opts.file ? resolve(cwd, opts.file) : resolve(cwd, CONFIG_FILE);
  let raw: unknown = {};
  let source: string | null = null;
  if (existsSync(file)) {
    source = file;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: invalid JSON: ${(error as Error).message}`);
    }
  } else if (opts.file) {
    throw new Error(`config file not found: ${file}`);
  }
  const overrides = applyEnvironment(raw, opts.env ?? {});
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path.join('.');
      const from = overrides.get(key);
      return `  ${key || '(root)'}: ${i.message}${from ? ` (from ${from})` : ''}`;
    });
    throw new Error(`${source ?? 'configuration'}: invalid configuration\n${lines.join('\n')}`);
  }
  const base = source ? dirname(source) : cwd;
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const config = parsed.data;
  for (const settings of Object.values(config.pipelines)) {
    for (const input of settings.inputs ?? []) if (input.kind === 'file') input.path = at(input.path);
  }
  return {
    file: source,
    config: {
      ...config,
      warehouse: at(config.warehouse),
      workDir: at(config.workDir),
      snapshotDir: at(config.snapshotDir),
      reportDir: at(config.reportDir),
      pipelineDirs: config.pipelineDirs.map(at),
      schedule: { ...config.schedule, logFile: at(config.schedule.logFile) },
    },
  };
}

export const ENV_PREFIX = 'CENTINELA_';

/**
 * Environment overrides: CENTINELA_<KEY>=<value> sets a configuration key over the file's value. A nested key's
 * parts are joined by a double underscore, each written in upper snake case (reportDir: CENTINELA_REPORT_DIR,
 * query.timeoutMs: CENTINELA_QUERY__TIMEOUT_MS, pipelines.cdc_vsrr_state.enabled:
 * CENTINELA_PIPELINES__CDC_VSRR_STATE__ENABLED). A value that parses as JSON (a number, true/false, an array or
 * object) is taken as that, anything else as text. Returns each key set and the variable that set it.
 */
export function applyEnvironment(raw: unknown, env: Record<string, string | undefined>): Map<string, string> {
  const set = new Map<string, string>();
  if (typeof raw !== 'object' || raw === null) return set;
  for (const [name, text] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith(ENV_PREFIX) || text === undefined) continue;
    const parts = name.slice(ENV_PREFIX.length).split('__');
    if (parts.some((p) => p === '')) continue;
    // Keys under pipelines are pipeline names (snake case as written); every other key is camelCase.
    const keys = parts.map((p, i) =>
      i === 1 && parts[0] === 'PIPELINES'
        ? p.toLowerCase()
        : p.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
    );
    let at = raw as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      const next = at[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // plain text
    }
    at[keys[keys.length - 1] as string] = value;
    set.set(keys.join('.'), name);
  }
  return set;
}

/**
 * The paths of the demo warehouse: synthetic fixtures never go where real releases are. Each location gets a demo/
 * folder of its own (data/demo/centinela.duckdb, data/work/demo, data/snapshots/demo, reports/demo).
 */
export function demoConfig(config: Config): Config {
  return {
    ...config,
    warehouse: join(dirname(config.warehouse), 'demo', basename(config.warehouse)),
    workDir: join(config.workDir, 'demo'),
    snapshotDir: join(config.snapshotDir, 'demo'),
    reportDir: join(config.reportDir, 'demo'),
    schedule: {
      ...config.schedule,
      logFile: join(dirname(config.schedule.logFile), 'demo', basename(config.schedule.logFile)),
    },
  };
}
