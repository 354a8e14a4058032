import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { VSRR_COLUMNS_12, VSRR_MONTHS } from '../../pipelines/cdc_vsrr_state/vsrrRow.ts';
import { FOOTNOTE, SUPPRESSED } from '../support/vsrrCsv.ts';

const INDICATORS = [
  'Number of Deaths',
  'Number of Drug Overdose Deaths',
  'Percent with drugs specified',
  '"Opioids (T40.0-T40.4,T40.6)"',
  'Natural & semi-synthetic opioids (T40.2)',
  '"Natural & semi-synthetic opioids, incl. methadone (T40.2, T40.3)"',
  '"Natural, semi-synthetic, & synthetic opioids, incl. methadone (T40.2-T40.4)"',
  '"Synthetic opioids, excl. methadone (T40.4)"',
  'Methadone (T40.3)',
  'Heroin (T40.1)',
  'Cocaine (T40.5)',
  'Psychostimulants with abuse potential (T43.6)',
];
// The 54 jurisdictions CDC reports, so the data checks pass on the generated file.
const STATES =
  'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX US UT VA VT WA WI WV WY YC'.split(
    ' ',
  );

/** The values_in_range check refuses periods starting before 1900: a 12-month window ending January 1901 is the first. */
const FIRST_PLAUSIBLE_YEAR = 1901;
export const MAX_LARGE_VSRR_ROWS = (2024 - FIRST_PLAUSIBLE_YEAR + 1) * STATES.length * INDICATORS.length * 12;

/**
 * Writes a CDC-format (12-column, BOM, quoted thousands, "99.5+") file of `rows` rows: every jurisdiction and
 * indicator, month after month, going back as many years as the row count needs. Values are deterministic.
 */
export async function writeLargeVsrr(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${VSRR_COLUMNS_12.join(',')}\n`);
  const perYear = STATES.length * INDICATORS.length * 12;
  const firstYear = 2024 - Math.ceil(rows / perYear) + 1;
  if (firstYear < FIRST_PLAUSIBLE_YEAR)
    throw new Error(
      `at most ${MAX_LARGE_VSRR_ROWS} rows fit from ${FIRST_PLAUSIBLE_YEAR} to 2024 (asked for ${rows})`,
    );
  let written = 0;
  let chunk = '';
  for (let year = firstYear; written < rows; year++) {
    for (let m = 0; m < 12 && written < rows; m++) {
      for (const [s, state] of STATES.entries()) {
        for (let k = 0; k < INDICATORS.length && written < rows; k++) {
          const v = k === 2 ? 95 : ((s * 7919 + year * 31 + m * 17 + k * 101) % 3000) + 1;
          const value =
            v < 10
              ? ''
              : v >= 1000
                ? `"${Math.floor(v / 1000)},${String(v % 1000).padStart(3, '0')}"`
                : String(v);
          const foot = v < 10 ? SUPPRESSED : FOOTNOTE;
          const predicted = k === 0 || k === 2 ? '' : value;
          chunk += `${state},${year},${VSRR_MONTHS[m]},12 month-ending,${INDICATORS[k]},${value},${m === 11 ? '99.5+' : '100'},0.1,Name ${state},${foot},**,${predicted}\n`;
          written++;
        }
      }
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'finish');
  return written;
}
