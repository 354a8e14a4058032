/**
 * Fault script: concurrency. One process (this one) runs N full pipeline runs back to back (each loads a new release
 * of a source, transforms, checks, detects and publishes), while R reader processes query the published file in a
 * loop. Prints: queries run, reader errors (target 0), inconsistent reads (target 0): a read is inconsistent when the
 * checksum over analytics.observations, with the last run id read in the same session, is not one of the states the
 * writer published.
 *
 *   npx tsx test/faults/concurrency.ts [--runs 20] [--readers 4] [--small]
 *
 * --small loads one source instead of all of them (faster; the vitest version uses it).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReaderSummary } from './lib/reader.ts';
import { createSite, isMain, publishedState, runSite, scriptArgs } from './lib/site.ts';

export interface ConcurrencyFigures {
  runs: number;
  runsFailed: number;
  writerErrors: string[];
  distinctPublishedStates: number;
  runSeconds: { median: number; max: number };
  readers: number;
  sessions: number;
  queries: number;
  readerErrors: number;
  readerErrorMessages: string[];
  inconsistentReads: number;
  statesSeenByReaders: number;
  maxReaderSessionMs: number;
}

export async function runConcurrency(opts: {
  runs: number;
  readers: number;
  allSources: boolean;
  log?: (line: string) => void;
}): Promise<ConcurrencyFigures> {
  const log = opts.log ?? (() => {});
  const site = createSite({ allSources: opts.allSources });
  try {
    site.writeRelease(0);
    log('initial run (not counted): loading the sources');
    await runSite(site);
    const states = [await publishedState(site.published)];

    const stop = join(site.dir, 'STOP');
    const readerPath = join(import.meta.dirname, 'lib/reader.ts');
    const readers = Array.from({ length: opts.readers }, (_, k) => {
      const out = join(site.dir, `reader-${k}.json`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', readerPath, '--db', site.published, '--stop', stop, '--out', out],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const done = new Promise<ReaderSummary>((resolve, reject) =>
        child.on('close', (code) =>
          code === 0 && existsSync(out)
            ? resolve(JSON.parse(readFileSync(out, 'utf8')) as ReaderSummary)
            : reject(new Error(`reader ${k} exited with code ${code}: ${stderr.slice(-2000)}`)),
        ),
      );
      return done;
    });
    // Let the readers start before the writer does.
    await new Promise((r) => setTimeout(r, 1500));

    const durations: number[] = [];
    const writerErrors: string[] = [];
    for (let i = 1; i <= opts.runs; i++) {
      site.writeRelease(i);
      const started = Date.now();
      try {
        const summary = await runSite(site);
        durations.push((Date.now() - started) / 1000);
        states.push(await publishedState(site.published));
        log(
          `run ${i}/${opts.runs}: run ${summary.runId} ${summary.status}, published in ${durations.at(-1)?.toFixed(1)} s`,
        );
      } catch (error) {
        writerErrors.push((error as Error).message);
        log(`run ${i}/${opts.runs}: FAILED: ${(error as Error).message}`);
      }
    }
    writeFileSync(stop, '');
    const summaries = await Promise.all(readers);

    const published = new Set(states.map((s) => `${s.observations}|${s.lastRunId}`));
    let inconsistent = 0;
    const seenStates = new Set<string>();
    for (const s of summaries)
      for (const v of s.seen) {
        const key = `${v.observations}|${v.lastRunId}`;
        seenStates.add(key);
        if (!published.has(key)) inconsistent += v.count;
      }
    const sorted = [...durations].sort((a, b) => a - b);
    return {
      runs: opts.runs,
      runsFailed: writerErrors.length,
      writerErrors,
      distinctPublishedStates: new Set(states.map((s) => s.observations)).size,
      runSeconds: { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 },
      readers: opts.readers,
      sessions: summaries.reduce((n, s) => n + s.sessions, 0),
      queries: summaries.reduce((n, s) => n + s.queries, 0),
      readerErrors: summaries.reduce((n, s) => n + s.errors, 0),
      readerErrorMessages: summaries.flatMap((s) => s.errorMessages).slice(0, 10),
      inconsistentReads: inconsistent,
      statesSeenByReaders: seenStates.size,
      maxReaderSessionMs: Math.max(0, ...summaries.map((s) => s.maxSessionMs)),
    };
  } finally {
    site.cleanup();
  }
}

export function formatConcurrency(f: ConcurrencyFigures): string {
  return [
    'Concurrency: one writer, readers on the published file',
    `  full runs back to back            ${f.runs} (failed: ${f.runsFailed})`,
    `  distinct published states         ${f.distinctPublishedStates} (initial + one per run: every run changed the data)`,
    `  run time                          median ${f.runSeconds.median.toFixed(1)} s, max ${f.runSeconds.max.toFixed(1)} s`,
    `  reader processes                  ${f.readers}`,
    `  reader sessions (open→query→close) ${f.sessions}`,
    `  queries run                       ${f.queries}`,
    `  reader errors                     ${f.readerErrors}   (target 0)`,
    `  inconsistent reads                ${f.inconsistentReads}   (target 0)`,
    `  published states seen by readers  ${f.statesSeenByReaders}`,
    `  longest reader session            ${f.maxReaderSessionMs} ms`,
    ...f.readerErrorMessages.map((m) => `  reader error: ${m}`),
    ...f.writerErrors.map((m) => `  writer error: ${m}`),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const args = scriptArgs({ runs: 20, readers: 4, small: false });
  const figures = await runConcurrency({
    runs: Number(args.runs),
    readers: Number(args.readers),
    allSources: !args.small,
    log: (line) => console.error(line),
  });
  console.log(formatConcurrency(figures));
  process.exitCode =
    figures.readerErrors === 0 && figures.inconsistentReads === 0 && figures.runsFailed === 0 ? 0 : 1;
}
