/**
 * Benchmark of EARS C1/C2/C3 and the Poisson CUSUM: series per second over 10,000 monthly series of 120 months
 * and 1,000 weekly series of 260 weeks (target: EARS C1–C3 on the 10,000 monthly series in under 0.5 s
 * total), and, where Rscript with `surveillance` is installed, the same methods timed in R on a subset of the
 * same series, scaled to the full count (R takes ~10 ms a series, so the full 11,000 would take minutes).
 * Timings are the best of three passes after a first (cold) pass, which is also reported for the EARS total.
 * Prints figures; asserts nothing. Single-threaded: a worker would have to send 1.2 million result objects
 * back per method, which costs more than computing them.
 *
 * Run alone with `npx tsx test/bench/detect/ears.ts`; BENCH_R_MONTHLY / BENCH_R_WEEKLY set the R subset sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cusum } from '../../../src/detect/cusum.ts';
import { earsC1, earsC2, earsC3 } from '../../../src/detect/ears.ts';
import type { DetectionPoint, SeriesValue } from '../../../src/detect/types.ts';
import { makeSeries, type SeriesShape } from './series.ts';

const print = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const SHAPE: SeriesShape = {
  amplitude: 0.4,
  trend: { shift: 0.3, scale: 0.3 },
  noise: { sd: 0.2, offset: 0.02 },
  spike: { times: 3, plus: 2 },
};

type Detector = (values: readonly SeriesValue[]) => DetectionPoint[];

/** Milliseconds of the first (cold: includes JIT compilation) pass and the best of three further passes. */
function time(data: number[][], detector: Detector): { cold: number; best: number } {
  let sink = 0;
  let t0 = performance.now();
  for (const y of data) sink += detector(y).length;
  const cold = performance.now() - t0;
  let best = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    t0 = performance.now();
    for (const y of data) sink += detector(y).length;
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 0) throw new Error('no output');
  return { cold, best };
}

interface Workload {
  label: string;
  data: number[][];
  period: number;
  start: number;
}

function methods(w: Workload): [string, Detector][] {
  return [
    ['EARS C1', (y) => earsC1(y)],
    ['EARS C2', (y) => earsC2(y)],
    ['EARS C3', (y) => earsC3(y)],
    [`CUSUM (standard, m = baseline mean, start ${w.start})`, (y) => cusum(y, { start: w.start })],
  ];
}

/** Times the same methods in R surveillance on the first `subset` series; seconds per series, or null. */
function timeInR(w: Workload, subset: number, dir: string): Record<string, number> | null {
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(surveillance))'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const file = join(dir, `${w.label}.csv`);
  writeFileSync(
    file,
    `${w.data
      .slice(0, subset)
      .map((y) => y.join(','))
      .join('\n')}\n`,
  );
  // One multivariate sts (a column per series): earsC and the cusum wrapper loop over the columns themselves.
  const code = `
    suppressMessages(library(surveillance))
    m <- t(as.matrix(read.csv("${file}", header = FALSE)))
    s <- sts(observed = m, frequency = ${w.period})
    el <- function(expr) unname(system.time(expr)[["elapsed"]])
    cat("C1", el(earsC(s, control = list(method = "C1"))), "\\n")
    cat("C2", el(earsC(s, control = list(method = "C2"))), "\\n")
    cat("C3", el(earsC(s, control = list(method = "C3"))), "\\n")
    cat("CUSUM", el(cusum(s, control = list(range = ${w.start + 1}:nrow(m)), verbose = FALSE)), "\\n")
  `;
  const r = spawnSync('Rscript', ['-e', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    print(`  R failed (${w.label})`, r.stderr.split('\n').slice(-3).join(' '));
    return null;
  }
  const out: Record<string, number> = {};
  for (const line of r.stdout.trim().split('\n')) {
    const [name, secs] = line.trim().split(/\s+/);
    if (name && secs) out[name] = Number(secs) / subset;
  }
  return out;
}

export async function benchEarsCusum(): Promise<void> {
  const workloads: Workload[] = [
    { label: 'monthly', data: makeSeries(10_000, 120, 12, 1, SHAPE), period: 12, start: 36 },
    { label: 'weekly', data: makeSeries(1_000, 260, 52, 2, SHAPE), period: 52, start: 104 },
  ];
  const rSubset: Record<string, number> = {
    monthly: Number(process.env.BENCH_R_MONTHLY ?? 200),
    weekly: Number(process.env.BENCH_R_WEEKLY ?? 100),
  };
  const dir = mkdtempSync(join(tmpdir(), 'centinela-bench-ears-'));
  try {
    for (const w of workloads) {
      const n = w.data.length;
      const len = w.data[0]?.length ?? 0;
      console.log(`\n${n.toLocaleString('en-US')} ${w.label} series of ${len} periods`);
      const ours: Record<string, number> = {};
      let earsTotal = 0;
      let earsCold = 0;
      for (const [name, detector] of methods(w)) {
        const { cold, best: ms } = time(w.data, detector);
        ours[name.split(' (')[0] as string] = ms;
        if (name.startsWith('EARS')) {
          earsTotal += ms;
          earsCold += cold;
        }
        print(`  ${name}`, `${fmt(n / (ms / 1000))} series/s (${(ms / 1000).toFixed(3)} s)`);
      }
      const target = w.label === 'monthly' ? ' (target < 0.5 s for 10,000 series)' : '';
      print(
        '  EARS C1 + C2 + C3 total',
        `${(earsTotal / 1000).toFixed(3)} s warm, ${(earsCold / 1000).toFixed(3)} s first pass${target}`,
      );

      const subset = Math.min(rSubset[w.label] ?? 0, n);
      if (subset <= 0) continue;
      const r = timeInR(w, subset, dir);
      if (!r) {
        print('  R surveillance', 'not available (Rscript or the surveillance package missing)');
        continue;
      }
      console.log(
        `  R surveillance 1.20.3 on the first ${subset} series, scaled ×${(n / subset).toFixed(0)} to ${n}:`,
      );
      const pairs: [string, string][] = [
        ['C1', 'EARS C1'],
        ['C2', 'EARS C2'],
        ['C3', 'EARS C3'],
        ['CUSUM', 'CUSUM'],
      ];
      for (const [rName, name] of pairs) {
        const perSeries = r[rName];
        const mine = ours[name];
        if (perSeries === undefined || mine === undefined) continue;
        const rTotal = perSeries * n;
        print(
          `    ${rName === 'CUSUM' ? 'cusum()' : `earsC ${rName}`}`,
          `${fmt(1 / perSeries)} series/s (~${rTotal.toFixed(1)} s for ${n}); ours ${(rTotal / (mine / 1000)).toFixed(0)}× faster`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchEarsCusum();
}
