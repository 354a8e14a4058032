/**
 * Continuous joinpoints (search 'continuous', Hudson's exact method) against R `segmented` 1.6.2 (Muggeo's
 * iterative method): cases made by test/detect/conformance/r/joinpoint.R (committed JSON; no R needed here).
 *
 * `segmented` iterates from a start and can stop in a local optimum; the cases record its fits from the grid
 * answer and from the true joinpoints, with bootstrap restarts off and tolerance 1e-12, and keep the one with
 * the smaller SSE. Hudson's enumeration is exact, so its SSE is never above segmented's; where segmented has
 * converged to the global optimum the two agree to the stated tolerances. The grid answer (R brute force over
 * data points) is Centinela's default search.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JoinpointFit, joinpoint } from '../../../src/detect/joinpoint.ts';

interface SegmentedFit {
  start: number[] | number;
  joinpoints: number[] | number;
  slopes: number[];
  sse: number;
  iterations: number;
}

interface Case {
  name: string;
  description: string;
  weighting: 'constant' | 'poisson';
  joinpoints: number;
  observed: (number | null)[];
  grid: { joinpoints: number[] | number; sse: number };
  segmented: SegmentedFit;
  segmented_from_grid: SegmentedFit | null;
  segmented_from_truth: SegmentedFit | null;
}

const doc = JSON.parse(
  readFileSync(join(import.meta.dirname, 'cases', 'joinpoint-segmented.json'), 'utf8'),
) as { segmented: string; cases: Case[] };
const list = (v: number[] | number) => (Array.isArray(v) ? v : [v]);

function fitJoinpoint(c: Case, search: 'grid' | 'continuous'): JoinpointFit {
  const r = joinpoint(c.observed, {
    minJoinpoints: c.joinpoints,
    maxJoinpoints: c.joinpoints,
    weighting: c.weighting,
    search,
  });
  if (!r.ok) throw new Error(`${c.name}: ${r.reason}`);
  return r;
}

describe(`continuous joinpoints against R segmented ${doc.segmented}`, () => {
  for (const c of doc.cases) {
    it(`${c.name} (${c.description}): joinpoints within 1e-6, slopes within 1e-8, SSE within 1e-10 relative`, () => {
      const ours = fitJoinpoint(c, 'continuous');
      const r = c.segmented;
      expect(ours.sse).toBeLessThanOrEqual(r.sse * (1 + 1e-10));
      expect(Math.abs(ours.sse - r.sse) / r.sse).toBeLessThan(1e-10);
      const rj = list(r.joinpoints);
      expect(ours.joinpoints).toHaveLength(rj.length);
      for (const [m, j] of ours.joinpoints.entries()) {
        expect(Math.abs(j - (rj[m] as number)), `joinpoint ${m}`).toBeLessThan(1e-6);
      }
      for (const [m, s] of ours.segments.entries()) {
        expect(Math.abs(s.slope - (r.slopes[m] as number)), `slope ${m}`).toBeLessThan(1e-8);
      }
      // Never above either of segmented's runs (it iterates to a local optimum).
      for (const start of [c.segmented_from_grid, c.segmented_from_truth]) {
        if (start !== null) expect(ours.sse).toBeLessThanOrEqual(start.sse * (1 + 1e-10));
      }
      // Between data points: not what the grid can give.
      expect(ours.joinpoints.every((j) => !Number.isInteger(j))).toBe(true);
    });

    it(`${c.name}: the grid search (default) gives R's brute-force placement on data points, with a higher SSE`, () => {
      const ours = fitJoinpoint(c, 'grid');
      expect(ours.joinpoints).toEqual(list(c.grid.joinpoints));
      expect(Math.abs(ours.sse - c.grid.sse) / c.grid.sse).toBeLessThan(1e-10);
      expect(ours.sse).toBeGreaterThan(fitJoinpoint(c, 'continuous').sse);
    });
  }

  it('finds the optimum where segmented started from the grid answer stops in a local one (one-gaps)', () => {
    const c = doc.cases.find((k) => k.name === 'one-gaps');
    if (c?.segmented_from_grid == null) throw new Error('case one-gaps missing');
    const ours = fitJoinpoint(c, 'continuous');
    expect(c.segmented_from_grid.sse).toBeGreaterThan(ours.sse * (1 + 1e-4));
    expect(
      Math.abs((ours.joinpoints[0] as number) - (list(c.segmented_from_grid.joinpoints)[0] as number)),
    ).toBeGreaterThan(0.1);
  });
});
