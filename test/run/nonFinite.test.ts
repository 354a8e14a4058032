import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { refuseNonFinite } from '../../src/run/detect.ts';
import type { SeriesRow } from '../../src/run/series.ts';

const series = (vals: (number | null)[]): SeriesRow => ({
  source: 'cdc_vsrr_state',
  country: 'US',
  geo_level: 'state',
  geo_code: 'AZ',
  drug: 'fentanyl',
  measure: 'deaths',
  period_type: '12mo_ending',
  place_en: 'Arizona',
  place_es: 'Arizona',
  drug_en: 'Fentanyl',
  drug_es: 'Fentanilo',
  starts: vals.map((_, i) => `2023-${String(i + 1).padStart(2, '0')}-01`),
  ends: vals.map((_, i) => `2024-${String(i + 1).padStart(2, '0')}-28`),
  vals,
});

describe('detectors refuse values they cannot take, naming the series and period', () => {
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('%s', (bad, shown) => {
    const error = (() => {
      try {
        refuseNonFinite(series([103, null, bad, 98]));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `cdc_vsrr_state: analytics.observations: state AZ, fentanyl, deaths (12mo_ending), period ending 2024-03-28: value ${shown} is not a finite number; the detectors take finite numbers or NULL`,
    );
  });

  it('takes finite numbers and NULL (suppressed or missing)', () => {
    expect(() => refuseNonFinite(series([103, null, 0, 98.5]))).not.toThrow();
  });
});
