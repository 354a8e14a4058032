/**
 * Vega-Lite specs for the report: pure functions from ReportData to plain JSON, labelled in one language.
 *
 * Every chart comes twice: `spec` is what is exported as `.vl.json` and rendered server-side to `.svg` (no hover
 * targets: a slide needs none), `interactive` is the same chart with invisible hover targets for tooltips, drawn
 * in the page. Inline rows use short keys and carry codes, not labels; labels come from small lookup tables in the
 * chart's language, so the page stays small and no dataset string is ever pasted into a Vega expression.
 * Temporal scales are UTC, colours are Okabe–Ito or colour-blind-safe schemes, and a value that is suppressed or
 * missing stays null (a gap with a grey band, a grey tile), never zero.
 */

import type { Lang } from '../core/lang.ts';
import { alertChart } from './charts/alerts.ts';
import type { NamedChart } from './charts/chart.ts';
import { drugPageCharts } from './charts/deaths.ts';
import { investigationCharts } from './charts/investigations.ts';
import { mapCharts } from './charts/map.ts';
import { naloxoneCharts } from './charts/naloxone.ts';
import { seizureCharts } from './charts/seizures.ts';
import { trendCharts } from './charts/trends.ts';
import { FAMILIES } from './focus.ts';
import type { ReportData } from './reportData.ts';

/** Every chart of the report in one language, in page order. */
export function buildCharts(data: ReportData, lang: Lang): NamedChart[] {
  return [
    ...FAMILIES.flatMap((f) => drugPageCharts(data, f, lang)),
    ...seizureCharts(data, lang),
    ...investigationCharts(data, lang),
    ...naloxoneCharts(data, lang),
    ...mapCharts(data, lang),
    ...alertChart(data, lang),
    ...trendCharts(data, lang),
  ];
}
