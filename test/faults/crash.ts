/**
 * Fault script: crashes. A writer (the real `centinela run` process) is killed with SIGKILL at K random moments of a
 * run that loads a new release. After each kill: the published file opens, passes every sql/checks query, and is the
 * previous state (byte for byte), unless the kill came after the atomic rename (then it is the new run's complete
 * state); the next run completes (taking over the dead writer's lock, recovering the working file from its WAL) and
 * publishes the release the killed run was loading, also when the kill came after its COMMIT.
 *
 *   npx tsx test/faults/crash.ts [--kills 20] [--late 6] [--seed 7] [--small]
 *
 * Of the kills, --late are aimed at the publishing window (commit, checkpoint, copy, rename: a random moment between
 * the detectors' last log line and the end of the process), which uniform moments rarely hit; the others are uniform
 * over the length of a run.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../src/core/paths.ts';
import {
  createSite,
  failingChecks,
  isMain,
  latestVintage,
  type PublishedState,
  publishedState,
  releaseVintage,
  rng,
  type Site,
  scriptArgs,
} from './lib/site.ts';

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
  /** When the run logged that its detectors had finished (ms from the start), if it did. */
  detectedAtMs: number | null;
}

/** Runs `centinela run`; kills it `killAfterMs` after the start, or `late.delayMs` after it logs `late.pattern`. */
function cliRun(
  site: Site,
  killAfterMs?: number,
  late?: { pattern: RegExp; delayMs: number },
): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      join(projectRoot, 'src/bin/centinela.js'),
      'run',
      '--no-report',
      '--config',
      join(site.dir, 'centinela.config.json'),
    ],
    { cwd: site.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let detectedAtMs: number | null = null;
  let timer: NodeJS.Timeout | null =
    killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  child.stderr.on('data', (d) => {
    stderr += d;
    if (detectedAtMs === null && /^detect: /m.test(stderr)) detectedAtMs = Date.now() - started;
    if (late && !timer && late.pattern.test(stderr))
      timer = setTimeout(() => child.kill('SIGKILL'), late.delayMs);
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - started, detectedAtMs });
    }),
  );
}

/** Where the run was when it died, from what it had logged. */
function phaseOf(stderr: string): string {
  if (/\npublished |^published /m.test(stderr)) return 'after the rename (exiting)';
  if (/^detect: /m.test(stderr)) return 'commit / checkpoint / publish copy';
  if (/: loaded \d+ rows/.test(stderr)) return 'transform / checks / detect';
  return 'start-up / lock / acquire / load';
}

export interface CrashFigures {
  seed: number;
  kills: number;
  /** Of which: kills placed in the publishing window (a random delay after the detectors finish). */
  lateKills: number;
  byPhase: Record<string, number>;
  publishedOpened: number;
  checksPassed: number;
  unchanged: number;
  advancedToCompleteNewState: number;
  violations: string[];
  nextRunCompleted: number;
  staleLockTakenOver: number;
  leftoverTempFiles: number;
  runSeconds: number;
}

export async function runCrash(opts: {
  kills: number;
  /** How many of the kills to aim at the end of the run (commit, checkpoint, publish copy, rename): a random moment
   * between the detectors' last log line and the end of the process (as timed on an unkilled run), instead of
   * uniformly over the run, where that short window is rarely hit. */
  late?: number;
  seed: number;
  allSources: boolean;
  log?: (line: string) => void;
}): Promise<CrashFigures> {
  const log = opts.log ?? (() => {});
  const random = rng(opts.seed);
  const site = createSite({ allSources: opts.allSources });
  const figures: CrashFigures = {
    seed: opts.seed,
    kills: 0,
    lateKills: 0,
    byPhase: {},
    publishedOpened: 0,
    checksPassed: 0,
    unchanged: 0,
    advancedToCompleteNewState: 0,
    violations: [],
    nextRunCompleted: 0,
    staleLockTakenOver: 0,
    leftoverTempFiles: 0,
    runSeconds: 0,
  };
  try {
    site.writeRelease(0);
    const first = await cliRun(site);
    if (first.code !== 0) throw new Error(`initial run failed: ${first.stderr}`);
    site.writeRelease(1);
    const timed = await cliRun(site);
    if (timed.code !== 0) throw new Error(`timing run failed: ${timed.stderr}`);
    const runMs = timed.ms;
    // The publishing window: from the detectors' last log line to the end of the process.
    const windowMs = Math.max(200, runMs - (timed.detectedAtMs ?? runMs * 0.8));
    figures.runSeconds = runMs / 1000;
    log(
      `an unkilled run takes ${(runMs / 1000).toFixed(1)} s, the last ${windowMs} ms after the detectors; killing at random moments in [0, ${((runMs * 1.1) / 1000).toFixed(1)} s]`,
    );
    let previous: PublishedState = await publishedState(site.published);
    let release = 1;
    let attempts = 0;
    while (figures.kills < opts.kills && attempts < opts.kills * 3) {
      attempts++;
      release++;
      const vintage = site.writeRelease(release);
      const late = figures.kills >= opts.kills - (opts.late ?? 0);
      const at = late ? Math.round(random() * windowMs) : Math.round(random() * runMs * 1.1);
      const killed = late
        ? await cliRun(site, undefined, { pattern: /^detect: /m, delayMs: at })
        : await cliRun(site, at);
      if (killed.signal !== 'SIGKILL') {
        // It finished before the kill: not a crash point. Take its state and try again.
        previous = await publishedState(site.published);
        log(`release ${release}: the run finished (${killed.ms} ms) before the kill at ${at} ms; again`);
        continue;
      }
      figures.kills++;
      if (late) figures.lateKills++;
      const phase = phaseOf(killed.stderr);
      figures.byPhase[phase] = (figures.byPhase[phase] ?? 0) + 1;
      let state: PublishedState;
      try {
        state = await publishedState(site.published);
        figures.publishedOpened++;
      } catch (error) {
        figures.violations.push(
          `kill ${figures.kills} (${phase}): the published file does not open: ${(error as Error).message}`,
        );
        break;
      }
      const failing = await failingChecks(site.published);
      if (failing.length === 0) figures.checksPassed++;
      else
        figures.violations.push(
          `kill ${figures.kills} (${phase}): checks fail on the published file: ${failing.join(', ')}`,
        );
      let outcome: string;
      if (state.sha256 === previous.sha256) {
        figures.unchanged++;
        outcome = 'published file unchanged';
      } else if (
        (state.lastRunId ?? 0) > (previous.lastRunId ?? 0) &&
        (await latestVintage(site.published)) === vintage
      ) {
        figures.advancedToCompleteNewState++;
        outcome = "published file is the killed run's complete new state (killed after the rename)";
      } else {
        outcome = 'VIOLATION: published file changed to something else';
        figures.violations.push(
          `kill ${figures.kills} (${phase}): the published file changed but is not the new run's state`,
        );
      }
      const next = await cliRun(site);
      const published = await latestVintage(site.published);
      const nextOk =
        next.code === 0 &&
        published === releaseVintage(release) &&
        (await failingChecks(site.published)).length === 0;
      if (nextOk) figures.nextRunCompleted++;
      else
        figures.violations.push(
          `after kill ${figures.kills}: the next run did not complete (code ${next.code}, vintage ${published}): ${next.stderr.slice(-500)}`,
        );
      if (/taking over a stale lock/.test(next.stderr)) figures.staleLockTakenOver++;
      const leftovers = readdirSync(dirname(site.published)).filter((f) => f.endsWith('.tmp'));
      figures.leftoverTempFiles += leftovers.length;
      previous = await publishedState(site.published);
      const nextText = nextOk ? 'completed' : 'FAILED';
      log(
        `kill ${figures.kills} ${late ? `${at} ms after the detectors finished` : `at ${at} ms (${((100 * at) / runMs).toFixed(0)}% of a run)`}, ${phase}: ${outcome}; next run ${nextText}`,
      );
    }
    return figures;
  } finally {
    site.cleanup();
  }
}

export function formatCrash(f: CrashFigures): string {
  return [
    `Crashes: SIGKILL at random moments of a run (seed ${f.seed}; an unkilled run takes ${f.runSeconds.toFixed(1)} s)`,
    `  writers killed                          ${f.kills} (${f.kills - f.lateKills} at uniform random moments, ${f.lateKills} at random moments of the publishing window)`,
    ...Object.entries(f.byPhase).map(([p, n]) => `    in ${p.padEnd(36)}${n}`),
    `  published file opened afterwards        ${f.publishedOpened}/${f.kills}`,
    `  every sql/checks query passed           ${f.checksPassed}/${f.kills}`,
    `  published file = previous state         ${f.unchanged}`,
    `  = killed run's complete new state       ${f.advancedToCompleteNewState} (kill after the atomic rename)`,
    `  next run completed and published        ${f.nextRunCompleted}/${f.kills}`,
    `  stale lock taken over by the next run   ${f.staleLockTakenOver}`,
    `  temporary files left after the next run ${f.leftoverTempFiles}`,
    `  violations                              ${f.violations.length}   (target 0)`,
    ...f.violations.map((v) => `  violation: ${v}`),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const args = scriptArgs({ kills: 20, late: 6, seed: 7, small: false });
  const figures = await runCrash({
    kills: Number(args.kills),
    late: Number(args.late),
    seed: Number(args.seed),
    allSources: !args.small,
    log: (line) => console.error(line),
  });
  console.log(formatCrash(figures));
  process.exitCode = figures.violations.length === 0 && figures.kills === Number(args.kills) ? 0 : 1;
}
