/** A small, deterministic ReportData for report tests (and for anyone needing a realistic report input). */

import type { AlertRow, ObservationStatus, ReportData, SeriesPoint } from '../../src/report/reportData.ts';

/** ISO dates of the last day of each month from `start` ('YYYY-MM') for `count` months. */
export function monthEnds(start: string, count: number): string[] {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month + i + 1, 0)).toISOString().slice(0, 10),
  );
}

interface SeriesOptions {
  geo: string;
  drug: string;
  months: string[];
  /** Value of the first month; then it grows by `step` a month, with a small deterministic wiggle. */
  base: number;
  step: number;
  /** Indices of months whose count is suppressed (value null, status 'suppressed'). */
  suppressed?: number[];
  /** How many trailing months also carry a predicted (delay-adjusted) value. */
  predictedTail?: number;
}

export function series(o: SeriesOptions): SeriesPoint[] {
  const suppressed = new Set(o.suppressed ?? []);
  const tail = o.predictedTail ?? 0;
  return o.months.map((periodEnd, i) => {
    const raw = Math.round((o.base + o.step * i + ((i * 7) % 5) - 2) * 10) / 10;
    const isSuppressed = suppressed.has(i);
    const predictedFrom = o.months.length - tail;
    const status: ObservationStatus = isSuppressed
      ? 'suppressed'
      : i >= predictedFrom
        ? 'provisional'
        : 'reported';
    return {
      geo: o.geo,
      drug: o.drug,
      periodEnd,
      value: isSuppressed ? null : raw,
      predicted: i >= predictedFrom ? Math.round(raw * 1.04 * 10) / 10 : null,
      status,
    };
  });
}

export function alert(overrides: Partial<AlertRow> = {}): AlertRow {
  return {
    geo: 'NM',
    drug: 'fentanyl',
    periodEnd: '2024-06-30',
    method: 'ears_c2',
    observed: 1234.5,
    expected: 980,
    threshold: 1150.25,
    score: 3.4,
    sentence: {
      en: 'Observed 1,234.5 deaths against an expected 980 (threshold 1,150.3).',
      es: 'Se observaron 1,234.5 muertes frente a 980 esperadas (umbral 1,150.3).',
    },
    ...overrides,
  };
}

/** Twelve months (July 2023 – June 2024) for the US and the four border states, two alerts. */
export function buildReportData(overrides: Partial<ReportData> = {}): ReportData {
  const months = monthEnds('2023-07', 12);
  return {
    demo: true,
    generatedAt: '2024-10-20T14:05:00Z',
    vintages: [{ source: 'cdc_vsrr_state', vintage: '2024-10-16' }],
    drugs: [
      { code: 'fentanyl', label: { en: 'Fentanyl', es: 'Fentanilo' } },
      { code: 'methamphetamine', label: { en: 'Methamphetamine', es: 'Metanfetamina' } },
    ],
    geographies: [
      { code: 'US', name: { en: 'United States', es: 'Estados Unidos' } },
      { code: 'AZ', name: { en: 'Arizona', es: 'Arizona' } },
      { code: 'CA', name: { en: 'California', es: 'California' } },
      { code: 'NM', name: { en: 'New Mexico', es: 'Nuevo México' } },
      { code: 'TX', name: { en: 'Texas', es: 'Texas' } },
    ],
    national: [
      ...series({ geo: 'US', drug: 'fentanyl', months, base: 74000, step: -900, predictedTail: 4 }),
      ...series({ geo: 'US', drug: 'methamphetamine', months, base: 34000, step: -250, predictedTail: 4 }),
    ],
    borderStates: [
      ...series({ geo: 'AZ', drug: 'fentanyl', months, base: 1900, step: -12, predictedTail: 3 }),
      ...series({ geo: 'AZ', drug: 'methamphetamine', months, base: 1200, step: 6, predictedTail: 3 }),
      ...series({ geo: 'CA', drug: 'fentanyl', months, base: 7300, step: 25, predictedTail: 3 }),
      ...series({ geo: 'CA', drug: 'methamphetamine', months, base: 5600, step: 10, predictedTail: 3 }),
      // New Mexico: a suppressed run (a gap) and one isolated value between suppressed months.
      ...series({ geo: 'NM', drug: 'fentanyl', months, base: 640, step: 4.5, predictedTail: 3 }),
      ...series({ geo: 'NM', drug: 'methamphetamine', months, base: 12, step: 0.5, suppressed: [3, 4, 6] }),
      ...series({ geo: 'TX', drug: 'fentanyl', months, base: 2500, step: 18, predictedTail: 3 }),
      ...series({ geo: 'TX', drug: 'methamphetamine', months, base: 2100, step: 8, predictedTail: 3 }),
    ],
    alerts: [
      alert(),
      alert({
        geo: 'CA',
        drug: 'methamphetamine',
        periodEnd: '2024-05-31',
        method: 'ears_c1',
        observed: 5720,
        expected: 5600.4,
        threshold: 5690,
        score: 3.1,
        sentence: {
          en: 'Observed 5,720 deaths against an expected 5,600.4 (threshold 5,690).',
          es: 'Se observaron 5,720 muertes frente a 5,600.4 esperadas (umbral 5,690).',
        },
      }),
    ],
    ...overrides,
  };
}
