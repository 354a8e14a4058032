/**
 * Throughput of the NSSP detectors and Joinpoint: series per second for each method over 10,000 monthly
 * series of 120 months and 1,000 weekly series of 260 weeks, and Joinpoint (k ≤ 2, BIC) over 1,000 monthly
 * series of 120 months. Prints figures; asserts nothing. Run alone with `npx tsx test/bench/detect/nssp.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { joinpoint, mulberry32 } from '../../../src/detect/joinpoint.ts';
import { NSSP_MONTHLY, NSSP_WEEKLY, nsspEwma, nsspRegression, nsspSwitch } from '../../../src/detect/nssp.ts';
import { nsspNbinom } from '../../../src/detect/nsspNbinom.ts';
import { nsspSerfling } from '../../../src/detect/nsspSerfling.ts';
import type { SeriesValue } from '../../../src/detect/types.ts';

const MONTHLY_SERIES = Number(process.env.BENCH_MONTHLY_SERIES ?? 10_000);
const WEEKLY_SERIES = Number(process.env.BENCH_WEEKLY_SERIES ?? 1_000);
const JOINPOINT_SERIES = Number(process.env.BENCH_JOINPOINT_SERIES ?? 1_000);

function poisson(lambda: number, random: () => number): number {
  if (lambda > 50) {
    // Normal approximation for speed; the counts only need to look like counts.
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.max(
      0,
      Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)),
    );
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Seasonal counts with a trend, a few outbreaks and ~2 % suppressed (null) values. */
function makeSeries(count: number, length: number, cycle: number, seed: number): SeriesValue[][] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const level = 5 + random() * 300;
    const trend = (random() - 0.3) * 0.01;
    const amplitude = random() * 0.4;
    return Array.from({ length }, (_, t) => {
      if (random() < 0.02) return null;
      const outbreak = random() < 0.01 ? 1.8 : 1;
      const mu = level * Math.exp(trend * t + amplitude * Math.sin((2 * Math.PI * t) / cycle)) * outbreak;
      return poisson(mu, random);
    });
  });
}

function time(
  label: string,
  series: readonly SeriesValue[][],
  run: (s: readonly SeriesValue[]) => unknown,
): void {
  const t0 = performance.now();
  let sink = 0;
  for (const s of series) sink += (run(s) as unknown[] | { ok: boolean }) ? 1 : 0;
  const seconds = (performance.now() - t0) / 1000;
  const rate = Math.round(series.length / seconds).toLocaleString('en-US');
  console.log(`${label.padEnd(52)} ${rate.padStart(10)} series/s (${seconds.toFixed(2)} s, ${sink} series)`);
}

export async function benchNsspJoinpoint(): Promise<void> {
  const monthly = makeSeries(MONTHLY_SERIES, 120, 12, 1);
  const weekly = makeSeries(WEEKLY_SERIES, 260, 52.18, 2);
  console.log(`NSSP detectors: ${monthly.length} monthly series × 120, ${weekly.length} weekly series × 260`);
  const monthlySeasonal = { baselineEnd: 120 - 13, cycle: 12 };
  const weeklySeasonal = { baselineEnd: 260 - 53, cycle: 52.18 };
  time('EWMA, monthly (B 24, g 1)', monthly, (s) => nsspEwma(s, NSSP_MONTHLY));
  time('EWMA, weekly (B 52, g 2)', weekly, (s) => nsspEwma(s, NSSP_WEEKLY));
  time('adaptive regression, monthly', monthly, (s) => nsspRegression(s, NSSP_MONTHLY));
  time('adaptive regression, weekly', weekly, (s) => nsspRegression(s, NSSP_WEEKLY));
  time('regression/EWMA switch, monthly', monthly, (s) => nsspSwitch(s, NSSP_MONTHLY));
  time('regression/EWMA switch, weekly', weekly, (s) => nsspSwitch(s, NSSP_WEEKLY));
  time('negative binomial (last 12 months predicted)', monthly, (s) => nsspNbinom(s, monthlySeasonal));
  time('negative binomial (last 52 weeks predicted)', weekly, (s) => nsspNbinom(s, weeklySeasonal));
  time('Serfling (last 12 months predicted)', monthly, (s) => nsspSerfling(s, monthlySeasonal));
  time('Serfling (last 52 weeks predicted)', weekly, (s) => nsspSerfling(s, weeklySeasonal));
  const trends = monthly.slice(0, JOINPOINT_SERIES);
  time(`Joinpoint k ≤ 2, BIC, ${trends.length} monthly × 120`, trends, (s) =>
    joinpoint(
      s.map((v) => (v === null || v <= 0 ? null : v)),
      { maxJoinpoints: 2, weighting: 'poisson', periodsPerYear: 12 },
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchNsspJoinpoint();
