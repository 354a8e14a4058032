import { describe, expect, it } from 'vitest';
import { monthlyMethods } from '../../src/run/methods.ts';

const methods = monthlyMethods({ ears: { baseline: 7, z: 3, h: 2, minSigma: 0 } });

/** Upper normal tail by its asymptotic series φ(z)/z · (1 − 1/z² + 3/z⁴ − 15/z⁶), a hand reference for large z. */
function upperTailAsymptotic(z: number): number {
  const phi = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
  return (phi / z) * (1 - 1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6);
}

describe('EARS p-values for false-discovery control', () => {
  it.each([['ears_c1'], ['ears_c2']] as const)(
    '%s: a far-out spike keeps a positive p-value that ranks it (1 − Φ(z) would be 0)',
    (name) => {
      // A baseline that wobbles by one death, then ten more: z ≈ 18, where 1 − Φ(z) is exactly 0 in doubles.
      const values = [100, 101, 100, 101, 100, 101, 100, 101, 100, 101, 110];
      const points = methods[name].run(values);
      const spike = points.at(-1);
      expect(spike?.alarm).toBe(true);
      const z = spike?.score ?? 0;
      expect(z).toBeGreaterThan(9);
      expect(z).toBeLessThan(37);
      expect(spike?.pValue).toBeGreaterThan(0);
      expect((spike?.pValue ?? 0) / upperTailAsymptotic(z)).toBeCloseTo(1, 6);
    },
  );
});
