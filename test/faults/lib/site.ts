/**
 * A Centinela installation in a temporary folder for the fault scripts: a configuration file whose cdc_vsrr_state
 * input is a file we rewrite with a new release (vintage) before each run, so every run really changes the data; the
 * other sources load the bundled demo fixtures (once: the same bytes are skipped afterwards), or are disabled.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipelines } from '../../../pipelines/index.ts';
import { type Config, loadConfigSync } from '../../../src/core/config.ts';
import { type RunOptions, type RunSummary, runPipelines } from '../../../src/run/run.ts';
import { runChecks } from '../../../src/warehouse/checks.ts';
import { openWarehouse, queryRows, queryValue } from '../../../src/warehouse/connection.ts';
import { vsrrFile, vsrrLines } from '../../support/vsrrCsv.ts';

export interface Site {
  dir: string;
  /** The published warehouse researchers open. */
  published: string;
  config(): Config;
  /** Writes release number i of the rotating input and points the configuration at it; returns its vintage. */
  writeRelease(i: number): string;
  cleanup(): void;
}

const STATES: [string, string][] = [
  ['US', 'United States'],
  ['AZ', 'Arizona'],
  ['CA', 'California'],
  ['NM', 'New Mexico'],
  ['TX', 'Texas'],
];
const INDICATORS = [
  'Synthetic opioids, excl. methadone (T40.4)',
  'Psychostimulants with abuse potential (T43.6)',
  'Number of Drug Overdose Deaths',
];

/** Vintage of release i: weekly from 2025-01-15. */
export function releaseVintage(i: number): string {
  return new Date(Date.UTC(2025, 0, 15 + 7 * i)).toISOString().slice(0, 10);
}

/** Release i of a CDC VSRR state file: 48 + i months from January 2021, every value revised a little by each release. */
export function releaseCsv(i: number): string {
  const lines: string[] = [];
  for (const [s, [state, stateName]] of STATES.entries()) {
    for (const [k, indicator] of INDICATORS.entries()) {
      const base = (s + 1) * 300 + k * 1000;
      const values = Array.from({ length: 48 + i }, (_, m) =>
        Math.round(base + 7 * m + ((m * 13 + i * 5 + k) % 11)),
      );
      lines.push(...vsrrLines({ state, stateName, indicator, startYear: 2021, values }));
    }
  }
  return vsrrFile(lines);
}

export interface SiteOptions {
  /** Load the other sources' demo fixtures too (a full warehouse); otherwise only cdc_vsrr_state runs. */
  allSources: boolean;
  /** Put the folders elsewhere (e.g. on a tmpfs): data (published), work, snapshots. */
  dataDir?: string;
  workDir?: string;
  snapshotDir?: string;
  http?: { timeoutMs: number; retries: number };
}

export function createSite(opts: SiteOptions): Site {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-faults-'));
  writeFileSync(join(dir, 'site.json'), JSON.stringify(opts));
  return openSite(dir);
}

/** The site in a folder made by createSite (another process can open it). */
export function openSite(dir: string): Site {
  const opts = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as SiteOptions;
  const dataDir = opts.dataDir ?? join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const base = {
    warehouse: join(dataDir, 'centinela.duckdb'),
    workDir: opts.workDir ?? join(dir, 'work'),
    snapshotDir: opts.snapshotDir ?? join(dir, 'snapshots'),
    reportDir: join(dir, 'reports'),
    schedule: { logFile: join(dir, 'logs/centinela.jsonl') },
    ...(opts.http ? { http: opts.http } : {}),
  };
  const file = join(dir, 'centinela.config.json');
  const write = (release: { path: string; vintage: string } | null) => {
    const settings: Record<string, unknown> = {};
    for (const p of pipelines) {
      if (!opts.allSources && p.name !== 'cdc_vsrr_state') settings[p.name] = { enabled: false };
    }
    if (release)
      settings.cdc_vsrr_state = { inputs: [{ kind: 'file', path: release.path, vintage: release.vintage }] };
    writeFileSync(file, JSON.stringify({ ...base, pipelines: settings }, null, 2));
  };
  if (!existsSync(file)) write(null);
  return {
    dir,
    published: base.warehouse,
    config: () => loadConfigSync({ file }).config,
    writeRelease(i) {
      const path = join(dir, `vsrr-release-${i}.csv`);
      writeFileSync(path, releaseCsv(i));
      write({ path, vintage: releaseVintage(i) });
      return releaseVintage(i);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The pipelines a site runs (enabled ones), and every pipeline known. */
export function sitePipelines(config: Config) {
  return { selected: pipelines.filter((p) => config.pipelines[p.name]?.enabled ?? true), all: pipelines };
}

/** One scheduled run of the site: its enabled pipelines, loaded then detected. */
export function runSite(site: Site, watch: Pick<RunOptions, 'log' | 'onProgress'> = {}): Promise<RunSummary> {
  const config = site.config();
  const { selected, all } = sitePipelines(config);
  return runPipelines({
    data: 'demo',
    config,
    pipelines: selected,
    allPipelines: all,
    command: 'run',
    ingest: true,
    detect: true,
    ...watch,
  });
}

export interface PublishedState {
  /** sha256 of the file's bytes. */
  sha256: string;
  /** count:sum(hash(row)) over analytics.observations. */
  observations: string;
  lastRunId: number | null;
}

/** The SQL of the consistency checksum a reader computes (and the writer records after each publish). */
export const OBSERVATIONS_CHECKSUM =
  "SELECT count(*) || ':' || coalesce(sum(hash(o))::VARCHAR, '0') FROM analytics.observations AS o";
export const LAST_RUN = "SELECT max(run_id) FROM meta.runs WHERE status = 'succeeded'";

export async function publishedState(path: string): Promise<PublishedState> {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return {
      sha256,
      observations: await queryValue<string>(wh.connection, OBSERVATIONS_CHECKSUM),
      lastRunId: await queryValue<number | null>(wh.connection, LAST_RUN),
    };
  } finally {
    wh.closeSync();
  }
}

/** Opens the file read-only and runs every check of the built-in sources: the names of the failing ones (none = all pass). */
export async function failingChecks(path: string): Promise<string[]> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    return (await runChecks(wh.connection, pipelines)).filter((r) => r.failing > 0).map((r) => r.name);
  } finally {
    wh.closeSync();
  }
}

/** Latest vintage of cdc_vsrr_state in a published file. */
export async function latestVintage(path: string): Promise<string | null> {
  const wh = await openWarehouse(path, { readOnly: true });
  try {
    const rows = await queryRows<{ v: string | null }>(
      wh.connection,
      "SELECT strftime(max(vintage), '%Y-%m-%d') AS v FROM meta.loads WHERE source = 'cdc_vsrr_state' AND status = 'loaded'",
    );
    return rows[0]?.v ?? null;
  } finally {
    wh.closeSync();
  }
}

/** A small deterministic random generator (mulberry32), so a failing script can be replayed with its seed. */
export { mulberry32 as rng } from '../../../src/detect/joinpoint.ts';

/** Parses --name value / --flag arguments of a fault script. */
export function scriptArgs(
  defaults: Record<string, number | string | boolean>,
): Record<string, number | string | boolean> {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '') ?? '';
    if (!(key in defaults))
      throw new Error(`unknown option --${key} (known: ${Object.keys(defaults).join(', ')})`);
    if (typeof defaults[key] === 'boolean') out[key] = true;
    else {
      const value = argv[++i] ?? '';
      out[key] = typeof defaults[key] === 'number' ? Number(value) : value;
    }
  }
  return out;
}

/** True when the module at `url` is the script being run (tsx test/faults/x.ts), not imported by a test. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && existsSync(script) && pathToFileURL(realpathSync(script)).href === url;
}
