import { describe, expect, it } from 'vitest';
import { socrataOrigin, windowCondition, windowStart } from '../../src/run/incremental.ts';

describe('trailing windows for incremental Socrata pulls', () => {
  // Worked out by hand: the window is `lagMonths` calendar months, the current one included.
  const cases: [string, number, string][] = [
    ['2026-03-15T12:00:00Z', 1, '2026-03-01'],
    ['2026-03-15T12:00:00Z', 12, '2025-04-01'],
    ['2026-03-15T12:00:00Z', 24, '2024-04-01'],
    ['2026-01-31T23:59:59Z', 2, '2025-12-01'],
    ['2024-03-01T00:00:00Z', 3, '2024-01-01'],
    // UTC, not the server's time zone: March in UTC, though still February in New York.
    ['2026-02-28T23:30:00-05:00', 1, '2026-03-01'],
  ];
  it.each(cases)('%s with lagMonths %d starts on %s', (now, lag, start) => {
    expect(windowStart(new Date(now), lag)).toBe(start);
  });

  it('refuses a lag that is not a whole number of months', () => {
    expect(() => windowStart(new Date(), 0)).toThrow(/invalid lagMonths: 0/);
    expect(() => windowStart(new Date(), 1.5)).toThrow(/invalid lagMonths: 1\.5/);
  });

  it('writes the SoQL condition on a floating timestamp, and the origin the loads are recorded under', () => {
    expect(windowCondition('monthendingdate', '2024-01-01')).toBe("monthendingdate >= '2024-01-01T00:00:00'");
    expect(socrataOrigin({ baseUrl: 'https://data.cdc.gov/', datasetId: 'gb4e-yj24' })).toBe(
      'https://data.cdc.gov/resource/gb4e-yj24.csv',
    );
  });
});
