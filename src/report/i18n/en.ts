/** The report's and notebooks' UI strings in English. `Strings`, the shape every language must fill, is this one's type. */

import type { PageId } from '../pageIds.ts';
import type { ObservationStatus } from '../reportData.ts';

/** The singular when the formatted count is one (or minus one), else the plural. */
const pl = (n: string, one: string, other: string) => (/^[+-−]?1$/.test(n) ? one : other);

export const en = {
  langName: 'English',
  langNav: 'Language',
  readInThisLang: 'Read in English',
  skipLink: 'Skip to the content',
  pagesNav: 'Pages',
  reportTitle: 'Centinela — fentanyl and methamphetamine in the United States and Mexico',
  subtitle: 'Surveillance report for the US–Mexico binational expert panel',
  demoBanner: 'DEMO DATA — synthetic numbers, not real figures',
  demoDetail:
    'This report was made from the bundled demonstration files: the formats are the publishers’ own, the numbers are made up. Do not quote any figure from it.',
  generatedAt: (when: string) => `Generated ${when}.`,
  dataAsOf: (list: string) => `Data releases: ${list}.`,
  notLoaded: (list: string) =>
    `Not loaded (no release bundled or fetched; run with --live, or add a file): ${list}. Nothing of these sources is shown.`,
  releaseItem: (source: string, vintage: string) => `${source} of ${vintage}`,
  chartFailed: 'This chart could not be drawn.',
  chartLoading: 'Drawing the chart…',
  noScript:
    'The charts and the table filters need JavaScript. SVG copies of every chart are in the charts folder next to this page.',
  svgLink: 'SVG',
  specLink: 'Vega-Lite',
  downloads: 'Chart files:',
  nav: {
    overview: 'Overview',
    fentanyl: 'Fentanyl',
    methamphetamine: 'Methamphetamine',
    seizures: 'Seizures and deaths',
    naloxone: 'Naloxone and deaths',
    map: 'Map',
    alerts: 'Alerts',
    trends: 'Trends',
    notes: 'Data notes',
  } satisfies Record<PageId, string>,
  pageIntro: {
    overview:
      'The latest figures, how they compare with a year earlier, and the signals most worth discussing.',
    fentanyl:
      'Deaths involving fentanyl: the United States counts synthetic opioids other than methadone (ICD-10 T40.4); Mexico has no fentanyl-specific count, so the closest category of underlying causes stands in.',
    methamphetamine:
      'Deaths involving methamphetamine: the United States counts psychostimulants with abuse potential (T43.6); Mexico’s closest categories of underlying causes stand in.',
    seizures:
      'Drug seizures and overdose deaths, month by month, in the states on both sides of the border. Each place has two panels on the same months: what was seized, then who died.',
    naloxone:
      'Naloxone dispensed (the opioid overdose antidote) beside opioid overdose deaths, on the same time axis.',
    map: 'United States and Mexican states together, one tile per state: the latest deaths (per 100,000 residents where a population is loaded) and the change on a year earlier.',
    alerts:
      'Every alarm of the latest detection run. Sort by any column, filter by drug, place, method or source, and read why each alarm was raised.',
    trends:
      'Joinpoint regression splits each series into segments of steady change; the annual percent change (APC) says how fast each segment rose or fell.',
    notes:
      'Where the figures come from and what to keep in mind when reading them. Everything on this page is generated from the warehouse the report was made from.',
  } satisfies Record<PageId, string>,
  family: { fentanyl: 'Fentanyl', methamphetamine: 'Methamphetamine' },
  /** Vega time format of a month in tooltips, as formatMonth writes it in the text. */
  monthFormat: '%B %Y',
  countryShort: { US: 'US', MX: 'Mexico' },
  country: { US: 'United States', MX: 'Mexico' },
  noData: 'No data in this warehouse yet.',
  noDataFor: (what: string) => `No ${what} data in this warehouse yet.`,
  countryNoData: (country: string) => `${country}: no data in this warehouse yet.`,
  now: {
    title: 'Now: signals in the latest period',
    intro:
      'Series with an alarm in the latest period their source has published, strongest first: corroborated by another source, then raised by several methods and surviving the false-discovery-rate correction. Each source has its own latest period:',
    sourceLine: (source: string, period: string, release: string | null, count: string) =>
      `${source}: data through ${period}${release ? ` (release of ${release})` : ''}; ${count}.`,
    seriesAlarmed: (n: number, shown: string) =>
      n === 0 ? 'no series alarmed' : n === 1 ? 'one series alarmed' : `${shown} series alarmed`,
    since: (month: string, months: string) => `alarming since ${month} (${months} months running)`,
    newNow: 'new in this period',
    methodsAgree: (n: string, list: string) => `${n} methods agree (${list})`,
    oneMethod: (method: string) => `one method (${method})`,
    fdr: 'survives the false-discovery-rate correction',
    corroborated: (list: string) => `corroborated by ${list}`,
    more: (n: string) => `${n} more series alarm in their latest period: see the alerts.`,
    none: 'No series alarms in the latest period of its source.',
    noDetection: 'No detection has run on this warehouse yet.',
    notMonitored: (list: string) =>
      `Loaded but not monitored (no detector runs on them by default): ${list}.`,
    notLoaded: (list: string) => `Not loaded, so not monitored: ${list}.`,
  },
  chartData: {
    toggle: 'The chart in words and numbers',
    summary: (title: string, items: string) => `${title}. Latest values: ${items}.`,
    latestItem: (what: string, value: string, month: string) => `${what}: ${value} (${month})`,
  },
  overview: {
    headlinesTitle: 'Headline figures',
    headlinesIntro:
      'Latest national figures and the change on the same period a year earlier. Arrows show the direction only: a rise in deaths is bad news, a rise in naloxone dispensed is not.',
    noHeadlines: 'No national series in this warehouse yet.',
    signalsTitle: 'Signals to discuss',
    signalsIntro:
      'Alarms of the latest run, strongest first: those corroborated by another source, then those raised by several methods at once, then those that survive the false-discovery-rate correction.',
    noSignals: 'No alarms in the latest detection run.',
    contentsTitle: 'In this report',
    more: 'See all alerts',
  },
  headline: {
    deaths: (family: string, country: string) => `${family} deaths, ${country}`,
    seizures: (family: string, country: string) => `${family} seized, ${country}`,
    naloxone: (unit: string, source: string, country: string) =>
      `Naloxone ${unit} (${source} only), ${country}`,
    proxyDeaths: (counted: string, country: string) => `Deaths counted as ${counted}, ${country}`,
    adjusted:
      'predicted by the publisher, adjusted for reporting delays (reported counts are still incomplete)',
    period12: (month: string) => `12 months ending ${month}`,
    periodQuarters: (quarter: string) => `4 quarters ending ${quarter}`,
    periodYear: (year: string) => `Year ${year}`,
    up: (pct: string) => `▲ ${pct} on a year earlier`,
    down: (pct: string) => `▼ ${pct} on a year earlier`,
    same: 'No change on a year earlier',
    noPrevious: 'No figure for a year earlier',
    provisional: 'provisional',
    proxy: (label: string) => `Counted as: ${label}`,
  },
  drugPage: {
    nationalTitle: (family: string) => `${family}: overdose deaths nationally`,
    nationalCaption:
      'Deaths in the 12 months ending each month. Solid lines are reported counts; dashed lines are predicted counts adjusted for reporting delays. Shaded months are suppressed or missing values, never zeros. Each country has its own scale.',
    borderTitle: (family: string) => `${family}: overdose deaths in the border states`,
    borderCaption:
      'The states on both sides of the border, west to east, each with its own vertical scale. Shaded months are suppressed or missing values, never zeros.',
    noBorder: 'No state-level deaths for the border states in this warehouse yet.',
    noNational: 'No national deaths series for this drug in this warehouse yet.',
    proxyNote: (country: string, label: string) =>
      `${country}: no count of this drug exists in its death records; shown instead: ${label}.`,
    latestSegments: 'Latest trend segment',
    alertsCount: (n: string) => `${n} ${pl(n, 'alarm', 'alarms')} in the latest detection run.`,
    seeAlerts: 'See the alerts',
    seeTrends: 'See the trends',
  },
  seizuresPage: {
    chartTitle: (family: string, country: string) => `${family}: seizures and deaths, ${country}`,
    caption:
      'For each place, the upper panel is what was seized each month and the lower panel the deaths in the 12 months ending each month, on the same months. The two have different units and scales: compare their timing, not their height.',
    areasNote:
      'US seizures by state add up the CBP areas of responsibility (ports of entry and Border Patrol sectors) that lie in that state only; areas that span several states are left out, so the state figures are lower bounds.',
    fiscalNote:
      'CBP publishes by US fiscal year (October to September); the months here are calendar months.',
    noData: 'No seizure data for the border states or the nation in this warehouse yet.',
    missing: (list: string) => `No seizure data for: ${list}.`,
  },
  investigations: {
    chartTitle: 'Mexico: drug-crime investigations opened each month',
    subtitle: 'Investigations opened (SESNSP), not seizures and not deaths; each place on its own scale',
    value: 'Investigations opened',
    caption:
      'Investigations opened by prosecutors each month: narcomenudeo (retail dealing and possession) by the states, crimes against health by the federal prosecutor. They count police and prosecutorial activity, not drug use, seizures or deaths: a rise can mean more enforcement as much as more dealing. Each series covers the months of its own release.',
    through: (source: string, from: string, to: string) => `${source}: ${from} to ${to}.`,
  },
  naloxonePage: {
    chartTitle: (country: string) => `Naloxone dispensed and opioid deaths, ${country}`,
    caption:
      'For each place, the upper panel is the naloxone dispensed each period and the lower panel the opioid overdose deaths in the 12 months ending each month, on the same time axis.',
    noData:
      'No naloxone data in this warehouse yet. When a naloxone source (for example Medicaid State Drug Utilization Data) is loaded, this page compares it with opioid deaths.',
  },
  mapPage: {
    countOnly: (mark: string, places: string) =>
      `${mark} ${places}: the publisher reports these places apart and no population matches each, so their tiles show the count of deaths, not a rate.`,
    chartTitle: (family: string) => `${family}: latest deaths by state, and the change on a year earlier`,
    rateTitle: (period: string) => `Deaths per 100,000 residents, ${period}`,
    countTitle: (period: string) => `Deaths, ${period}`,
    legendRateTitle: 'Deaths per 100,000 residents',
    legendCountTitle: 'Deaths (count, not a rate)',
    changeTitle: 'Change on a year earlier (%)',
    caption:
      'One tile per state, US states above and Mexican states below, roughly where they lie. Grey tiles have no value: suppressed (shown as “s”) or not available (“–”). “*”: fewer than 10 deaths a year earlier, too few for a percent change.',
    noDenominator:
      'No population denominators are loaded, so the left panel shows counts, not rates; counts of large and small states do not compare.',
    rateBasis: (sources: string) => `Rates per 100,000 residents use population from: ${sources}.`,
    noData: 'No state-level deaths for this drug in this warehouse yet.',
    tableSummary: 'The values as a table',
    proxy: (label: string) => `Mexican states: ${label}.`,
    legendRate: 'Per 100,000',
    legendCount: 'Deaths',
    predicted: (source: string, places: string) =>
      `${places}: ${source}’s predicted deaths, adjusted for reporting delays (status “Predicted”), as in the headlines: recent reported counts are still incomplete. Elsewhere, reported counts.`,
    narrowNote:
      'On a narrow screen the states are in alphabetical order of their abbreviation: the United States first, then Mexico.',
    legendChange: 'Change (%)',
  },
  alertsPage: {
    unitChange: (unit: string) => `${unit}: change in the 12-month sum on a year earlier`,
    summary: (alarms: string, fdr: string | null, corroborated: string | null) =>
      `${alarms} ${pl(alarms, 'alarm', 'alarms')} in the latest detection run${fdr === null ? '' : `; ${fdr} ${pl(fdr, 'survives', 'survive')} the false-discovery-rate correction`}${corroborated === null ? '' : `; ${corroborated} corroborated by another source`}.`,
    omitted: (n: string) =>
      `${n} older ${pl(n, 'alarm', 'alarms')} of the same run ${pl(n, 'is', 'are')} not listed here; they are in analytics.alerts in the warehouse.`,
    chartTitle: 'Alarms by place and month',
    chartCaption:
      'One mark per alarm: colour is the drug, shape the method; filled marks survive the false-discovery-rate correction.',
    noAlerts: 'No alarms in the latest detection run.',
    filterLegend: 'Filter the alerts',
    search: 'Search',
    searchPlaceholder: 'place, drug, words of the sentence…',
    any: 'All',
    fdrOnly: 'False-discovery-rate survivors only',
    corroboratedOnly: 'Corroborated only',
    showing: 'Showing {shown} of {total} alarms.',
    sortHint: 'Select a column heading to sort by it.',
    corroboratedBy: (list: string) => `Corroborated by ${list}`,
    methodsAgree: (n: string) => `${n} methods agree`,
    fdrYes: 'Survives FDR',
    fdrNo: 'Not significant after FDR',
    sparkLabel: (month: string) =>
      `What the detector saw up to ${month}: the line is the observed value, the band runs from the expected value to the threshold, dots are alarms.`,
    sparkLegend:
      'In each small chart: the line is what the detector saw, the blue band runs from the expected value to the threshold, the grey shade is the baseline window and orange dots are alarms.',
  },
  trendsPage: {
    chartTitle: (family: string) => `${family}: trend segments (annual percent change)`,
    chartCaption:
      'Each bar is a segment of steady change found by Joinpoint regression; its colour and label give the annual percent change (APC). Orange rises, blue falls.',
    tableTitle: 'Every segment',
    showing: 'Showing {shown} of {total} segments.',
    noTrends: 'No trend segments in the warehouse yet.',
    noFamily: 'No trend segments for this drug yet.',
    overlapNote:
      'For 12-month-ending sums, neighbouring values share 11 months, so confidence intervals are narrower than they should be: read them as indicative.',
  },
  notesPage: {
    sourcesTitle: 'Sources',
    readingTitle: 'Reading the figures',
    revisionsTitle: 'Revisions between releases',
    revisionsIntro:
      'Publishers revise recent values as late records arrive. How the values of each source changed from one release to the next:',
    noRevisions: 'Only one release of each source is loaded: no revisions to compare yet.',
    detectionTitle: 'How alarms are raised',
    populationTitle: 'Population denominators',
    noPopulation: 'No population denominators are loaded: the report shows counts, not rates.',
    drugsTitle: 'What each drug category counts',
    table: {
      source: 'Source',
      what: 'What it holds',
      coverage: 'Periods',
      release: 'Release used',
      earlier: 'Releases loaded',
      values: 'Values',
      suppressed: 'Suppressed',
      provisional: 'Provisional',
      from: 'From release',
      to: 'To release',
      measure: 'Measure',
      changed: 'Values changed',
      upDown: 'Up / down',
      statusChanged: 'Status changed',
      medianChange: 'Median change',
      maxChange: 'Largest change',
      country: 'Country',
      years: 'Years',
    },
    demoRelease: 'demo',
    twelveMonth:
      'Values of 12-month-ending series are sums over the 12 months ending in the month shown, so consecutive values overlap by 11 months. Detectors work on the month-over-month change of the sum, which equals this month’s deaths minus the same month a year earlier.',
    suppressed: (n: string) =>
      `${n} ${pl(n, 'value is', 'values are')} suppressed by their publisher to protect confidentiality (CDC suppresses counts from 1 to 9). They are shown as shaded gaps or grey tiles marked “s”, never as zeros.`,
    missing: (n: string) =>
      `${n} ${pl(n, 'value is', 'values are')} missing (not published, or of too low quality). They are shown as gaps.`,
    provisional: (n: string) =>
      `${n} ${pl(n, 'value is', 'values are')} provisional: the publisher may still revise them, usually upwards, as late records arrive.`,
    predicted:
      'Predicted values adjust the reported counts for reporting delays (death certificates not yet complete); they are shown as dashed lines.',
    fiscalYears:
      'CBP publishes seizures by US federal fiscal year, which runs from October to September (fiscal year 2024 began in October 2023). Every month here is a calendar month.',
    areas:
      'CBP reports seizures by area of responsibility (field offices, Border Patrol sectors) and region, not by state. A state’s seizures here add up only the areas lying wholly in it; areas spanning several states are left out rather than guessed.',
    mexicoCauses:
      'Mexican deaths come from registered death certificates coded by underlying cause (ICD-10 without a dot: X42, F15…). They count a different thing from CDC’s multiple-cause T-codes, and no Mexican category is specific to fentanyl or methamphetamine: compare the shapes of the curves, not their levels.',
    overlap: 'Drug categories overlap (one death can involve several drugs): never add them up.',
    detection: (methods: string, verdicts: string, alarms: string) =>
      `Latest detection run: ${methods}; ${verdicts} ${pl(verdicts, 'verdict', 'verdicts')}, ${alarms} ${pl(alarms, 'alarm', 'alarms')}. Each alarm compares the observed value with what its baseline led to expect, and says so in a sentence.`,
    fdr: (n: string) =>
      `With thousands of series tested at once, some alarms are expected by chance: the Benjamini–Hochberg correction keeps the false discovery rate at 5%; ${n} ${pl(n, 'alarm survives', 'alarms survive')} it.`,
    corroboration: (n: string) =>
      `An alarm is corroborated when another source raised one for the same drug and place within a few months: ${n} ${pl(n, 'alarm is', 'alarms are')}.`,
    population: (list: string) => `Rates per 100,000 residents use: ${list}.`,
    generatedFrom: (file: string) => `Generated from the warehouse ${file}.`,
  },
  axis: {
    month: 'Month',
    period12: '12 months ending',
    deaths: 'Deaths',
    deaths12: 'Deaths (12-month sum)',
    value: 'Value',
    apc: 'Annual percent change',
  },
  legend: {
    drug: 'Drug',
    series: 'Series',
    method: 'Method',
    gap: 'Suppressed or missing',
    fdr: 'Survives FDR',
    apc: 'APC (%)',
  },
  series: { reported: 'Reported', predicted: 'Predicted (delay-adjusted)' },
  tooltip: {
    unit: 'Unit',
    place: 'Place',
    drug: 'Drug',
    month: 'Month',
    period: 'Period',
    series: 'Series',
    value: 'Value',
    status: 'Status',
    method: 'Method',
    observed: 'Observed',
    expected: 'Expected',
    threshold: 'Threshold',
    source: 'Source',
    rate: 'Per 100,000',
    deaths: 'Deaths',
    change: 'Change on a year earlier',
    previous: 'A year earlier',
    segment: 'Segment',
    from: 'From',
    to: 'To',
    apc: 'APC',
    ci: '95% CI',
    pValue: 'p-value',
    qValue: 'q-value',
    population: 'Population from',
  },
  table: {
    month: 'Month',
    place: 'Place',
    drug: 'Drug',
    source: 'Source',
    method: 'Method',
    observed: 'Observed',
    expected: 'Expected',
    threshold: 'Threshold',
    qValue: 'q-value',
    signal: 'Strength',
    explanation: 'Why',
    segment: 'Segment',
    from: 'From',
    to: 'To',
    apc: 'APC (95% CI)',
    pValue: 'p-value',
    sentence: 'In words',
    rate: 'Per 100,000',
    deaths: 'Deaths',
    change: 'Change',
    status: 'Status',
  },
  status: {
    reported: 'Reported',
    provisional: 'Provisional',
    predicted: 'Predicted',
    suppressed: 'Suppressed',
    missing: 'Not available',
  } satisfies Record<ObservationStatus, string>,
  statusShort: { suppressed: 's', missing: '–' },
  measure: {
    deaths: 'Deaths',
    deaths_predicted: 'Deaths (predicted)',
    deaths_unintentional: 'Deaths (unintentional)',
    deaths_suicide: 'Deaths (suicide)',
    deaths_homicide: 'Deaths (homicide)',
    deaths_undetermined: 'Deaths (undetermined intent)',
    seizure_kg: 'Seized (kg)',
    seizure_events: 'Seizure events',
    seizure_pills: 'Pills seized',
    seizure_litres: 'Litres seized',
    naloxone_rx: 'Naloxone prescriptions',
    naloxone_units: 'Naloxone units',
    naloxone_rx_per_100: 'Naloxone dispensed: retail prescriptions per 100 persons (a rate)',
    pct_drug_specified: 'Share of deaths with the drug specified (%)',
    investigations: 'Investigations opened (crimes, not drugs)',
  },
  measureShort: {
    deaths: 'deaths',
    seizure_kg: 'kg seized',
    seizure_events: 'seizure events',
    seizure_pills: 'pills seized',
    seizure_litres: 'litres seized',
    naloxone_rx: 'prescriptions',
    naloxone_units: 'units',
    naloxone_rx_per_100: 'retail prescriptions per 100 persons',
    investigations: 'investigations opened',
  },
  periodType: {
    '12mo_ending': '12-month-ending sums',
    month: 'months',
    quarter: 'quarters',
    year: 'years',
    week: 'weeks',
  },
  periodPerRow: {
    month: 'per month',
    quarter: 'per quarter',
    year: 'per year',
    week: 'per week',
    '12mo_ending': 'in the 12 months ending each month',
  },
  geoLevel: {
    nation: 'nation',
    state: 'states',
    region: 'regions',
    port: 'ports and sectors',
    county: 'counties',
    abroad: 'abroad',
  },
  method: {
    ears_c1: 'EARS C1',
    ears_c2: 'EARS C2',
    ears_c3: 'EARS C3',
    nssp_switch: 'NSSP regression/EWMA switch',
    nssp_ewma: 'NSSP EWMA',
    nssp_regression: 'NSSP regression',
    noufaily: 'Noufaily (improved Farrington)',
    farrington: 'Farrington',
    cusum: 'CUSUM',
    glrnb: 'GLR negative binomial',
    joinpoint_bic: 'Joinpoint (BIC)',
  },
  sourceGeneric: (measures: string, levels: string, periods: string) =>
    `${measures}, by ${levels}, in ${periods}.`,
  drugNote: {
    fentanyl:
      'ICD-10 T40.4, synthetic opioids other than methadone: the standard proxy for illicit fentanyl.',
    methamphetamine:
      'ICD-10 T43.6, psychostimulants with abuse potential: the standard proxy for methamphetamine.',
    mx_narcotics_poisoning:
      'Mexico, underlying cause X42, X62, Y12 (poisoning by narcotics and psychodysleptics): the closest proxy for opioid overdose, but it also holds cocaine and cannabis poisonings.',
    mx_opioid_use_disorder:
      'Mexico, underlying cause F11 (disorders due to opioid use): opioid deaths certified as dependence rather than poisoning.',
    mx_stimulant_use_disorder:
      'Mexico, underlying cause F15 (disorders due to other stimulants): in Mexico mostly methamphetamine.',
    mx_psychotropic_poisoning:
      'Mexico, underlying cause X41, X61, Y11: psychostimulant poisoning is coded here together with antidepressants, sedatives and antiepileptics.',
    narcomenudeo:
      'A crime, not a drug: investigations opened by Mexican state prosecutors for retail dealing or possession, all drugs together.',
  },
  notAvailable: '—',
  months: (n: number) => `${n} months`,
  and: 'and',
};

export type Strings = typeof en;
