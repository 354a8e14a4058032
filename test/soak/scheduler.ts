/**
 * Soak test of `centinela schedule` (not a unit test): the scheduler runs as its own process on second-level
 * schedules against a local fixture server (the recorded CDC Socrata pages, with a new release now and then) that
 * injects failures, while a reader process queries the published file in a loop. At the end it prints runs
 * completed, failures recovered, reader errors (target 0) and the scheduler's memory at start and end.
 *
 *   npm run soak                      # 10 minutes
 *   SOAK_SECONDS=60 npm run soak      # a short trial
 *
 * Settings (environment): SOAK_SECONDS (600), SOAK_CRON ("*\/4 * * * * *"), SOAK_RELEASE_SECONDS (30: how often
 * the publisher releases new data), SOAK_OUTAGE_EVERY_SECONDS (90) and SOAK_OUTAGE_SECONDS (8): a window in which
 * every request fails with 503, long enough that the fetcher's own retries give up and the job retries;
 * SOAK_SEED (7); SOAK_KEEP=1 keeps the temporary folder.
 *
 * Injected per request, besides the outages: 8% HTTP 503, 4% a body cut short, 3% a response slower than the
 * timeout (all retried by the fetcher); and every SOAK_BAD_INPUT_EVERY_SECONDS (150) the metadata request is answered
 * with an HTML maintenance page (bad input: the job fails and is reported, not retried).
 *
 * Memory: the scheduler's resident set (/proc/<pid>/status) every 5 s, and its JS heap after a forced GC from its
 * heartbeat (it runs with --expose-gc); "start" is the median over the first minute after its first run, "end" the
 * median over the last minute, so that a sample taken in the middle of a load does not decide either.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelines } from '../../pipelines/index.ts';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { type FixtureResponse, startFixtureServer } from '../support/fixtureServer.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const cron = process.env.SOAK_CRON ?? '*/4 * * * * *';
const releaseEvery = Number(process.env.SOAK_RELEASE_SECONDS ?? 30) * 1000;
const outageEvery = Number(process.env.SOAK_OUTAGE_EVERY_SECONDS ?? 90) * 1000;
const outageFor = Number(process.env.SOAK_OUTAGE_SECONDS ?? 8) * 1000;
const badInputEvery = Number(process.env.SOAK_BAD_INPUT_EVERY_SECONDS ?? 150) * 1000;
let seed = Number(process.env.SOAK_SEED ?? 7);
let nextBadInput = badInputEvery;

function random(): number {
  // mulberry32: reproducible injected failures
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const dir = mkdtempSync(join(tmpdir(), 'centinela-soak-'));
const recorded = join(fixturesDir, 'http/socrata/xkb8-kh2a');
const metadata = JSON.parse(readFileSync(join(recorded, 'metadata.json'), 'utf8')) as {
  rowsUpdatedAt: number;
};
const pages = [0, 1, 2].map((n) => readFileSync(join(recorded, `page-0000${n}.csv`), 'utf8'));
const t0 = Date.now();
const release = () => Math.floor((Date.now() - t0) / releaseEvery);
const inOutage = () => (Date.now() - t0) % outageEvery > outageEvery - outageFor;
const injected = { outage: 0, http503: 0, truncated: 0, slow: 0, html: 0, served: 0 };

/** Page n of release r: the recorded page, with one value changed per release (so its bytes and sha256 differ). */
function page(n: number, r: number): string {
  if (n !== 2 || r === 0) return pages[n] as string;
  const text = pages[n] as string;
  const lines = text.split('\n');
  const cells = (lines[1] as string).split('","');
  const value = Number(cells[5]);
  if (Number.isFinite(value)) cells[5] = String(value + r);
  lines[1] = cells.join('","');
  return lines.join('\n');
}

/** A failure to send instead of the data, 'truncate' to cut the data short, or null to serve it. */
function inject(what: 'metadata' | 'page'): FixtureResponse | 'truncate' | null {
  if (inOutage()) {
    injected.outage++;
    return { status: 503, body: 'scheduled maintenance' };
  }
  const x = random();
  if (x < 0.08) {
    injected.http503++;
    return { status: 503, body: 'busy' };
  }
  if (x < 0.12 && what === 'page') {
    injected.truncated++;
    return 'truncate';
  }
  if (x < 0.15) {
    injected.slow++;
    return { status: 200, body: '', delayMs: 2500 };
  }
  if (what === 'metadata' && Date.now() - t0 >= nextBadInput) {
    nextBadInput += badInputEvery;
    injected.html++;
    return {
      status: 200,
      contentType: 'text/html',
      body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
    };
  }
  return null;
}

const server = await startFixtureServer({
  '/api/views/xkb8-kh2a.json': () => {
    const failure = inject('metadata');
    if (failure !== null && failure !== 'truncate') return failure;
    injected.served++;
    return {
      contentType: 'application/json',
      body: JSON.stringify({ ...metadata, rowsUpdatedAt: metadata.rowsUpdatedAt + release() * 86_400 }),
    };
  },
  '/resource/xkb8-kh2a.csv': (req) => {
    const n = Math.floor(Number(req.query.get('$offset') ?? 0) / 1000);
    const failure = inject('page');
    const body = page(n, release());
    if (failure === 'truncate') return { body, contentType: 'text/csv', truncate: true };
    if (failure !== null) return failure;
    injected.served++;
    return { body, contentType: 'text/csv' };
  },
});

const configFile = join(dir, 'centinela.config.json');
writeFileSync(
  configFile,
  JSON.stringify(
    {
      http: { timeoutMs: 2000, retries: 2 },
      pipelines: {
        ...Object.fromEntries(
          pipelines.filter((p) => p.name !== 'cdc_vsrr_state').map((p) => [p.name, { enabled: false }]),
        ),
        cdc_vsrr_state: {
          schedule: { cron, timezone: 'UTC' },
          inputs: [{ kind: 'socrata', baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 1000 }],
        },
      },
      schedule: {
        retries: { count: 5, backoffMs: 1000, maxBackoffMs: 8000 },
        heartbeatSeconds: 10,
        lockWaitSeconds: 60,
      },
    },
    null,
    2,
  ),
);

const published = join(dir, 'data/centinela.duckdb');
const logFile = join(dir, 'data/logs/centinela.jsonl');
const say = (text: string) =>
  process.stdout.write(`[soak ${Math.round((Date.now() - t0) / 1000)} s] ${text}\n`);

function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

interface Event {
  ts: string;
  level: string;
  event: string;
  job?: string;
  message: string;
  [k: string]: unknown;
}
const events = (): Event[] =>
  existsSync(logFile)
    ? readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Event)
    : [];

say(
  `folder ${dir}; ${seconds} s; schedule "${cron}" UTC; a release every ${releaseEvery / 1000} s; outages ${outageFor / 1000} s every ${outageEvery / 1000} s`,
);
const scheduler: ChildProcess = spawn(
  process.execPath,
  ['--expose-gc', join(projectRoot, 'src/bin/centinela.js'), 'schedule', '--config', configFile],
  { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
);
let schedulerErr = '';
scheduler.stderr?.on('data', (d) => {
  schedulerErr += d;
  if (schedulerErr.length > 200_000) schedulerErr = schedulerErr.slice(-100_000);
});
const schedulerExit = new Promise<number | null>((resolve) => scheduler.on('close', (code) => resolve(code)));

// The reader starts once there is a published file to read.
while (!existsSync(published)) {
  if (Date.now() - t0 > 120_000)
    throw new Error(`no published warehouse after 2 minutes:\n${schedulerErr.slice(-3000)}`);
  await new Promise((r) => setTimeout(r, 200));
}
const reader = spawn(
  process.execPath,
  ['--import', 'tsx', join(projectRoot, 'test/soak/reader.ts'), published, '25'],
  {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let readerOut = '';
reader.stdout?.on('data', (d) => (readerOut += d));
const readerExit = new Promise<void>((resolve) => reader.on('close', () => resolve()));

const rss: { at: number; bytes: number }[] = [];
const sampler = setInterval(() => {
  const bytes = rssOf(scheduler.pid as number);
  if (bytes !== null) rss.push({ at: Date.now() - t0, bytes });
}, 5000);
const progress = setInterval(() => {
  const e = events();
  const count = (name: string) => e.filter((x) => x.event === name).length;
  say(
    `finished ${count('job.finished')}, retries ${count('job.retry')}, recovered ${count('job.recovered')}, failed ${count('job.failed')}, skipped ${count('job.skipped')}; rss ${((rss.at(-1)?.bytes ?? 0) / 1048576).toFixed(0)} MB`,
  );
}, 60_000);

await Promise.race([new Promise((r) => setTimeout(r, seconds * 1000)), schedulerExit]);
clearInterval(progress);
clearInterval(sampler);
scheduler.kill('SIGTERM');
const code = await schedulerExit;
reader.kill('SIGTERM');
await readerExit;
await server.close();

const e = events();
const count = (name: string, job?: string) =>
  e.filter((x) => x.event === name && (job === undefined || x.job === job)).length;
const finished = e.filter((x) => x.event === 'job.finished');
const byStatus = (s: string) => finished.filter((x) => x.status === s).length;
const heartbeats = e.filter((x) => x.event === 'scheduler.heartbeat');
const firstRun = finished[0] ? Date.parse(finished[0].ts) - t0 : 0;
const warm = rss.filter((s) => s.at >= firstRun);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lastAt = warm.at(-1)?.at ?? 0;
const warmBeats = heartbeats.filter((h) => Date.parse(h.ts) - t0 >= firstRun);
const heapAt = (from: number, to: number) =>
  median(
    warmBeats
      .filter((h) => Date.parse(h.ts) - t0 >= from && Date.parse(h.ts) - t0 < to)
      .map((h) => h.heapUsedBytes as number),
  );
const mb = (b: number | undefined) => (b === undefined ? '?' : `${(b / 1048576).toFixed(1)} MB`);
const readerSummary = JSON.parse(readerOut.trim().split('\n').at(-1) ?? '{}') as {
  reads?: number;
  errors?: number;
  samples?: string[];
};
const wh = await openWarehouse(published, { readOnly: true });
const [ledger] = await queryRows<{ runs: number; succeeded: number; loads: number; vintages: number }>(
  wh.connection,
  `SELECT (SELECT count(*) FROM meta.runs) AS runs, (SELECT count(*) FROM meta.runs WHERE status = 'succeeded') AS succeeded,
          (SELECT count(*) FROM meta.loads WHERE status = 'loaded') AS loads,
          (SELECT count(DISTINCT vintage) FROM meta.loads WHERE status = 'loaded') AS vintages`,
);
wh.closeSync();

const result = {
  seconds: Math.round((Date.now() - t0) / 1000),
  schedulerExit: code,
  runsCompleted: finished.length,
  ingestNewData: finished.filter((x) => x.job === 'ingest:cdc_vsrr_state' && x.status === 'succeeded').length,
  ingestNoNewData: byStatus('no_new_data'),
  detections: count('job.finished', 'detect'),
  reports: count('job.finished', 'report'),
  jobRetries: count('job.retry'),
  failuresRecovered: count('job.recovered'),
  failedReported: count('job.failed'),
  failedBadInput: e.filter((x) => x.event === 'job.failed' && x.errorKind === 'input').length,
  overlapsSkipped: count('job.skipped'),
  httpRetries: e.filter((x) => x.event === 'run.log' && /retrying /.test(x.message)).length,
  injected,
  readerReads: readerSummary.reads ?? 0,
  readerErrors: readerSummary.errors ?? -1,
  readerErrorSamples: readerSummary.samples ?? [],
  memory: {
    rssStart: median(warm.filter((s) => s.at < firstRun + 60_000).map((s) => s.bytes)),
    rssEnd: median(warm.filter((s) => s.at > lastAt - 60_000).map((s) => s.bytes)),
    rssMin: Math.min(...warm.map((s) => s.bytes)),
    rssMax: Math.max(...warm.map((s) => s.bytes)),
    heapStart: heapAt(firstRun, firstRun + 60_000),
    heapEnd: heapAt(lastAt - 60_000, Number.POSITIVE_INFINITY),
  },
  publishedLedger: ledger,
};

const m = result.memory;
process.stdout.write(`
Soak of centinela schedule: ${result.seconds} s, "${cron}" UTC, exit code ${code}
  runs completed:        ${result.runsCompleted} (loads with new data ${result.ingestNewData}, no new data ${result.ingestNoNewData}, detections ${result.detections}, reports ${result.reports})
  failures recovered:    ${result.failuresRecovered} executions succeeded after ${result.jobRetries} job-level retries; ${result.httpRetries} HTTP-level retries
  failed and reported:   ${result.failedReported} (${result.failedBadInput} bad input, not retried)
  overlaps skipped:      ${result.overlapsSkipped}
  injected:              ${JSON.stringify(injected)}
  reader:                ${result.readerReads} reads, ${result.readerErrors} errors${result.readerErrorSamples.length ? ` (${result.readerErrorSamples.join(' | ')})` : ''}
  scheduler memory:      RSS start ${mb(m.rssStart)}, end ${mb(m.rssEnd)} (medians of the first and last minute; min ${mb(m.rssMin)}, max ${mb(m.rssMax)}); JS heap after GC start ${mb(m.heapStart)}, end ${mb(m.heapEnd)}
  published ledger:      ${JSON.stringify(ledger)}
SOAK_RESULT ${JSON.stringify(result)}
`);
if (process.env.SOAK_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
else say(`kept ${dir}`);
process.exit(result.readerErrors === 0 && code === 0 ? 0 : 1);
