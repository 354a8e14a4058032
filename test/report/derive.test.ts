import { describe, expect, it } from 'vitest';
import {
  chooseDeaths,
  fillPeriods,
  headlines,
  naloxoneComparisons,
  seizureComparisons,
  topSignals,
  yearOnYear,
} from '../../src/report/derive.ts';
import { FAMILIES, type Family } from '../../src/report/focus.ts';
import type { Series } from '../../src/report/reportData.ts';
import { alert, buildReportData, monthEnds, series } from '../support/reportData.ts';

const [fentanyl, methamphetamine] = FAMILIES as [Family, Family];

describe('chooseDeaths', () => {
  it("picks the family's own code in the US and the closest proxy in Mexico", () => {
    const data = buildReportData();
    expect(chooseDeaths(data, fentanyl.drugs, 'US', 'nation')).toMatchObject({
      source: 'cdc_vsrr_state',
      drug: 'fentanyl',
    });
    expect(chooseDeaths(data, fentanyl.drugs, 'MX', 'nation')).toMatchObject({
      source: 'inegi_deaths',
      drug: 'mx_narcotics_poisoning',
    });
    const states = chooseDeaths(data, methamphetamine.drugs, 'US', 'state');
    expect(states?.series.map((s) => s.geo)).toEqual(['CA', 'AZ', 'NM', 'TX']);
    expect(states?.predicted.get('AZ')?.measure).toBe('deaths_predicted');
  });

  it('prefers 12-month sums over months, then the source with more places', () => {
    const months = monthEnds('2023-01', 18);
    const data = buildReportData({
      series: [
        series({
          source: 'monthly',
          geo: 'US',
          drug: 'fentanyl',
          periodType: 'month',
          months,
          base: 10,
          step: 1,
        }),
        series({ source: 'rolling', geo: 'US', drug: 'fentanyl', months, base: 100, step: 1 }),
      ],
    });
    expect(chooseDeaths(data, fentanyl.drugs, 'US', 'nation')?.source).toBe('rolling');
    expect(chooseDeaths(data, fentanyl.drugs, 'MX', 'nation')).toBeUndefined();
  });
});

describe('yearOnYear', () => {
  it('compares a 12-month-ending value with the one 12 months before', () => {
    const s = series({
      source: 'x',
      geo: 'US',
      drug: 'fentanyl',
      months: monthEnds('2023-01', 18),
      base: 100,
      step: 0,
    });
    s.points = s.points.map((p, i) => ({ ...p, value: 100 + i }));
    expect(yearOnYear(s)).toMatchObject({ end: '2024-06-30', value: 117, previous: 105 });
    expect(yearOnYear(s)?.pct).toBeCloseTo((100 * 12) / 105);
  });

  it('adds up 12 months (or 4 quarters) and refuses an incomplete span', () => {
    const months = series({
      source: 'x',
      geo: 'US',
      drug: 'fentanyl',
      measure: 'seizure_kg',
      periodType: 'month',
      months: monthEnds('2023-01', 24),
      base: 0,
      step: 0,
    });
    months.points = months.points.map((p, i) => ({ ...p, value: i < 12 ? 1 : 2 }));
    expect(yearOnYear(months)).toMatchObject({ value: 24, previous: 12, pct: 100 });
    months.points[20] = { end: months.points[20]?.end ?? '', value: null, status: 'missing' };
    expect(yearOnYear(months)).toBeNull();

    const quarters = series({
      source: 'x',
      geo: 'US',
      drug: 'naloxone',
      measure: 'naloxone_rx',
      periodType: 'quarter',
      months: monthEnds('2023-03', 6, 3),
      base: 10,
      step: 0,
    });
    quarters.points = quarters.points.map((p) => ({ ...p, value: 10 }));
    expect(yearOnYear(quarters)).toMatchObject({ end: '2024-06-30', value: 40, previous: null, pct: null });
  });
});

describe('headlines', () => {
  it('gives deaths and seizures per family and country, then naloxone', () => {
    const list = headlines(buildReportData()).map((h) => `${h.kind}:${h.family?.code ?? '-'}:${h.country}`);
    expect(list).toEqual([
      'deaths:fentanyl:US',
      'deaths:fentanyl:MX',
      'seizures:fentanyl:US',
      'deaths:methamphetamine:US',
      'deaths:methamphetamine:MX',
      'seizures:methamphetamine:US',
      'naloxone:-:US',
    ]);
  });

  it("headlines the publisher's delay-adjusted prediction where it has one for the latest period and a year before", () => {
    const base = buildReportData();
    const usFentanylPredicted = (s: Series) =>
      s.measure === 'deaths_predicted' && s.drug === 'fentanyl' && s.geo === 'US';
    // The fixture predicts only the last 4 months: with no prediction a year earlier, the reported count stays.
    const partly = headlines(base).find((h) => h.kind === 'deaths' && h.country === 'US');
    expect(partly).toMatchObject({ adjusted: false, series: { measure: 'deaths' } });
    // A full predicted series (as CDC publishes it, every month) takes the headline: value and change are its own.
    const series = base.series.map((s) =>
      usFentanylPredicted(s)
        ? {
            ...s,
            points: s.points.map((p, i) => ({ ...p, value: 1000 + 10 * i, status: 'predicted' as const })),
          }
        : s,
    );
    const full = series.find(usFentanylPredicted) as Series;
    const last = full.points.at(-1)?.value as number;
    const yearBefore = full.points.at(-13)?.value as number;
    const h = headlines({ ...base, series }).find((x) => x.kind === 'deaths' && x.country === 'US');
    expect(h).toMatchObject({ adjusted: true, series: { measure: 'deaths_predicted' } });
    expect(h?.figure.value).toBe(last);
    expect(h?.figure.pct).toBeCloseTo((100 * (last - yearBefore)) / yearBefore, 6);
  });

  it('is empty for an empty warehouse', () => {
    expect(headlines(buildReportData({ series: [] }))).toEqual([]);
  });
});

describe('topSignals', () => {
  it('puts corroborated alarms first and lists a series and month once', () => {
    const signals = topSignals(buildReportData());
    expect(signals.map((s) => s.alert.id)).toEqual(['a2', 'a1', 'a4']);
    expect(signals[0]?.methods).toBe(2);
  });

  it('ranks current alarms before old ones, whatever their strength', () => {
    const data = buildReportData({
      alerts: [
        alert({ id: 'old', periodEnd: '2021-01-31', corroboratedBy: ['cbp_seizures'], spark: [] }),
        alert({ id: 'new', geo: 'TX', periodEnd: '2024-06-30' }),
      ],
      active: [],
    });
    expect(topSignals(data).map((s) => s.alert.id)).toEqual(['new', 'old']);
  });

  it('puts signals still alarming now first, each shown by its latest month, multi-method FDR before one method', () => {
    const base = buildReportData();
    const active = base.active.filter((a) => a.geo === 'AZ');
    const data = buildReportData({
      active,
      alerts: [
        // Arizona: alarming now (June 2024); an older, stronger-looking alarm must not stand for it.
        alert({
          id: 'az-old',
          geo: 'AZ',
          periodEnd: '2024-02-29',
          method: 'ears_c1',
          corroboratedBy: ['cbp_seizures'],
        }),
        alert({ id: 'az-now', geo: 'AZ', periodEnd: '2024-06-30', method: 'ears_c3', fdrAlarm: true }),
        alert({ id: 'az-now2', geo: 'AZ', periodEnd: '2024-06-30', method: 'nssp_switch', fdrAlarm: false }),
        // Not ongoing: corroborated, but not in the latest period.
        alert({ id: 'tx', geo: 'TX', periodEnd: '2024-05-31', corroboratedBy: ['cbp_seizures'] }),
        // Same month, one method, no FDR: last.
        alert({ id: 'ca', geo: 'CA', periodEnd: '2024-05-31', method: 'ears_c1', fdrAlarm: false }),
        alert({ id: 'nm1', geo: 'NM', periodEnd: '2024-05-31', method: 'ears_c2', fdrAlarm: true }),
        alert({ id: 'nm2', geo: 'NM', periodEnd: '2024-05-31', method: 'ears_c3', fdrAlarm: false }),
      ],
    });
    const ids = topSignals(data).map((s) => s.alert.id);
    expect(ids[0]).toMatch(/^az-now/);
    expect(ids).not.toContain('az-old');
    expect(ids.slice(1)).toEqual(['tx', expect.stringMatching(/^nm/), 'ca']);
  });
});

describe('comparisons', () => {
  it('pairs seizures with deaths by place, US areas included, and names places without seizures', () => {
    const [us, mx] = seizureComparisons(buildReportData(), fentanyl);
    expect(us?.country).toBe('US');
    expect(us?.places.map((p) => [p.geo, p.driver?.source, p.deaths?.drug])).toEqual([
      ['US', 'cbp_seizures', 'fentanyl'],
      ['AZ', 'cbp_seizures', 'fentanyl'],
    ]);
    expect(us?.missing).toEqual(['CA', 'NM', 'TX']);
    expect(mx?.places.map((p) => [p.geo, p.deaths?.drug])).toEqual([['02', 'mx_narcotics_poisoning']]);
  });

  it('pairs naloxone with opioid deaths', () => {
    const [us] = naloxoneComparisons(buildReportData());
    expect(us?.driverMeasure).toBe('naloxone_rx');
    expect(us?.deathsDrug).toBe('all_opioids');
    expect(us?.places.map((p) => p.geo)).toEqual(['US', 'AZ']);
    expect(naloxoneComparisons(buildReportData({ series: [] }))).toEqual([]);
  });
});

describe('fillPeriods', () => {
  it('fills absent months as missing so that no gap is bridged', () => {
    const s = series({
      source: 'x',
      geo: 'US',
      drug: 'fentanyl',
      months: monthEnds('2024-01', 4),
      base: 1,
      step: 1,
    });
    s.points.splice(1, 2);
    expect(fillPeriods(s).map((p) => [p.end, p.status])).toEqual([
      ['2024-01-31', 'reported'],
      ['2024-02-29', 'missing'],
      ['2024-03-31', 'missing'],
      ['2024-04-30', 'reported'],
    ]);
  });
});
