/**
 * Everything the report shows, already read from the published warehouse. Plain data (JSON-serialisable), no I/O:
 * data.ts fills it from DuckDB, test/support/reportData.ts builds one by hand, and every page, chart and note is a
 * pure function of it. Dataset strings inside (names, labels, sentences) are NOT escaped here.
 */

import type { Bilingual } from '../core/lang.ts';

export type ObservationStatus = 'reported' | 'provisional' | 'predicted' | 'suppressed' | 'missing';

/** One period of a series. */
export interface Point {
  /** ISO date, last day of the period (of the window, for 12-month-ending sums). */
  end: string;
  /** NULL when suppressed or missing: never 0 for those. */
  value: number | null;
  status: ObservationStatus;
}

/** The columns that name one series in the analytics tables. */
export interface SeriesKey {
  source: string;
  /** 'US' or 'MX'. */
  country: string;
  /** 'nation' or 'state' (areas summed to their state are 'state' with `areas` set). */
  geoLevel: string;
  geo: string;
  drug: string;
  /** e.g. deaths, deaths_predicted, seizure_kg, seizure_events, naloxone_rx. */
  measure: string;
  /** 12mo_ending, month, quarter, year, week. */
  periodType: string;
}

/** One series of analytics.observations (latest vintage), or a sum of sub-state areas lying in one state. */
export interface Series extends SeriesKey {
  /** Set when the series is a sum over areas (e.g. CBP areas of responsibility) that each lie in this state. */
  areas?: string[];
  /** Sorted by `end`. */
  points: Point[];
}

/** The latest value of a state (or nation) for the map, with the value a year earlier. */
export interface MapValue extends SeriesKey {
  /** Focus family code: 'fentanyl' or 'methamphetamine'. */
  family: string;
  /** The drug code actually counted (a proxy category in Mexico). */
  drug: string;
  periodEnd: string;
  value: number | null;
  status: ObservationStatus;
  previousEnd: string;
  previousValue: number | null;
  previousStatus: ObservationStatus | null;
  /** Per 100,000 residents; null when no denominator (or no value). */
  rate: number | null;
  previousRate: number | null;
  /** Where the denominator came from (analytics.rates or analytics.population source), when there is one. */
  populationSource: string | null;
}

export interface SparkPoint {
  end: string;
  observed: number | null;
  expected: number | null;
  threshold: number | null;
  alarm: boolean;
}

/** One alarm of the latest detection run. Columns added by later migrations are null when absent. */
export interface AlertRow extends SeriesKey {
  /** Stable id within the report: `a1`, `a2`, … */
  id: string;
  /** 'value' or 'rolling_sum_increment' (the month-over-month change of a 12-month-ending sum). */
  detectedOn: string;
  periodEnd: string;
  method: string;
  observed: number | null;
  expected: number | null;
  threshold: number | null;
  score: number | null;
  pValue: number | null;
  qValue: number | null;
  /** True/false when the run computed a false discovery rate; null when it did not. */
  fdrAlarm: boolean | null;
  /** Other sources that raised an alarm for the same drug and place within the corroboration lag. */
  corroboratedBy: string[];
  baselineStart: string | null;
  baselineEnd: string | null;
  sentence: Bilingual;
  /** The detector's own view of the series up to this period (observed, expected, threshold), for the sparkline. */
  spark: SparkPoint[];
}

/** One Joinpoint segment (analytics.trends, latest run). */
export interface TrendSegment extends SeriesKey {
  segment: number;
  segments: number;
  start: string;
  end: string;
  /** Annual percent change. */
  apc: number | null;
  apcLower: number | null;
  apcUpper: number | null;
  pValue: number | null;
  aapc: number | null;
  sentence: Bilingual;
}

/** What one source holds, for the data notes. */
export interface SourceSummary {
  source: string;
  countries: string[];
  measures: string[];
  periodTypes: string[];
  geoLevels: string[];
  firstPeriod: string | null;
  lastPeriod: string | null;
  /** The vintage the analytics tables use (latest). */
  vintage: string | null;
  /** Every release loaded, oldest first. */
  loads: { vintage: string; demo: boolean; rows: number }[];
  demo: boolean;
  values: number;
  suppressed: number;
  missing: number;
  provisional: number;
  predicted: number;
}

/** How the values of one source and measure changed from one release to the next (analytics.revisions). */
export interface RevisionSummary {
  source: string;
  measure: string;
  oldVintage: string;
  newVintage: string;
  changed: number;
  up: number;
  down: number;
  statusChanged: number;
  /** Median of 100·change/old value, where the old value is positive. */
  medianPctChange: number | null;
  /** Largest absolute percent change. */
  maxAbsPctChange: number | null;
}

export interface PopulationSummary {
  source: string;
  country: string;
  firstYear: number;
  lastYear: number;
  vintage: string | null;
}

export interface DetectionSummary {
  runId: number;
  methods: string[];
  verdicts: number;
  alarms: number;
  /** Null when the run has no false-discovery-rate column. */
  fdrAlarms: number | null;
  corroborated: number | null;
}

/** A source as its definition names it (meta.sources). */
export interface SourceLabel {
  source: string;
  name: Bilingual;
  description: Bilingual | null;
  fiscalYears: boolean;
}

export interface ReportData {
  /** True when any shown data came from bundled synthetic fixtures: the report must say "demo data" plainly. */
  demo: boolean;
  /** ISO timestamp of report generation. */
  generatedAt: string;
  sources: SourceSummary[];
  /** Every source's labels and grouping, from its definition (meta.sources). */
  sourceLabels: SourceLabel[];
  /** Sources with no release loaded (none bundled, none fetched): named, so their absence is not read as zero. */
  notLoaded: string[];
  drugs: { code: string; label: Bilingual; short?: Bilingual; note?: string | null }[];
  /** `borderState` is true only for states (level 'state') on the US–Mexico border, in either country. */
  geographies: { code: string; country: string; level: string; name: Bilingual; borderState: boolean }[];
  /** Nation and border-state series of the focus drugs (deaths, seizures) and of naloxone, with opioid deaths. */
  series: Series[];
  /** Latest state values of each focus family's deaths, with rates where a denominator exists. */
  map: MapValue[];
  /** Alarms of the latest detection run, most recent first (at most a few hundred; see alertsOmitted). */
  alerts: AlertRow[];
  /** Alarms of the latest run left out of `alerts` (older ones, beyond the cap). */
  alertsOmitted: number;
  trends: TrendSegment[];
  revisions: RevisionSummary[];
  populations: PopulationSummary[];
  detection: DetectionSummary | null;
  /** Series alarmed in the latest period their source has verdicts for, in the latest detection run. */
  active: ActiveSignal[];
  /** Sources the latest detection run made verdicts on; null for a warehouse without detection. */
  monitored: string[] | null;
}

/** A signal going on now: a series with an alarm, by any method, in its source's latest period. */
export interface ActiveSignal extends SeriesKey {
  detectedOn: string;
  /** The source's latest period with verdicts (the alarm's period). */
  periodEnd: string;
  /** First period of the unbroken run of alarmed periods that ends at periodEnd. */
  since: string;
  /** Methods that alarm in periodEnd, sorted. */
  methods: string[];
  /** True when one of those alarms survives the FDR correction; null when the run made no FDR verdicts. */
  fdr: boolean | null;
  /** Other sources whose alarms corroborate these (same place, drug family and time). */
  corroboratedBy: string[];
  observed: number | null;
  expected: number | null;
}
