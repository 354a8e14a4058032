import { FOOTNOTES } from '../../pipelines/cdc_vsrr_state/fixtureRows.ts';
import { VSRR_COLUMNS_12, VSRR_MONTHS } from '../../pipelines/cdc_vsrr_state/vsrrRow.ts';

export const FOOTNOTE = FOOTNOTES.final;
export const SUPPRESSED = `${FOOTNOTE}${FOOTNOTES.suppressed}`;
export const HEADER_12 = VSRR_COLUMNS_12.join(',');

/** Lines of a 12-column CDC file for one state and indicator: `values[i]` for consecutive months (null = suppressed). */
export function vsrrLines(opts: {
  state: string;
  stateName: string;
  indicator: string;
  startYear: number;
  values: (number | null)[];
}): string[] {
  return opts.values.map((v, i) => {
    const year = opts.startYear + Math.floor(i / 12);
    const month = VSRR_MONTHS[i % 12];
    const indicator = opts.indicator.includes(',') ? `"${opts.indicator}"` : opts.indicator;
    const value = v === null ? '' : v >= 1000 ? `"${v.toLocaleString('en-US')}"` : String(v);
    const footnote = v === null ? SUPPRESSED : FOOTNOTE;
    return `${opts.state},${year},${month},12 month-ending,${indicator},${value},100,0,${opts.stateName},${footnote},**,${value}`;
  });
}

export function vsrrFile(lines: string[], bom = true): string {
  return `${bom ? '\uFEFF' : ''}${HEADER_12}\n${lines.join('\n')}\n`;
}
