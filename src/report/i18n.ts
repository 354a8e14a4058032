/** Every UI string of the report and notebooks in English and Spanish, plus locale-aware number and date formats. */

import type { NumberLocale, TimeLocale } from 'vega';
import type { Lang, ObservationStatus } from './reportData.ts';

export const LANGS: readonly Lang[] = ['en', 'es'];

/** BCP 47 tags used for Intl formatting (Spanish as written in Mexico: 1,234.5 and "junio de 2024"). */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };

export const PAGES = [
  'overview',
  'fentanyl',
  'methamphetamine',
  'seizures',
  'naloxone',
  'map',
  'alerts',
  'trends',
  'notes',
] as const;
export type PageId = (typeof PAGES)[number];

const en = {
  langName: 'English',
  langNav: 'Language',
  readInThisLang: 'Read in English',
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
  family: { fentanyl: 'Fentanyl', methamphetamine: 'Methamphetamine' } as Record<string, string>,
  country: { US: 'United States', MX: 'Mexico' } as Record<string, string>,
  noData: 'No data in this warehouse yet.',
  noDataFor: (what: string) => `No ${what} data in this warehouse yet.`,
  countryNoData: (country: string) => `${country}: no data in this warehouse yet.`,
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
    naloxone: (country: string) => `Naloxone dispensed, ${country}`,
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
    alertsCount: (n: string) => `${n} alarm(s) in the latest detection run.`,
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
  naloxonePage: {
    chartTitle: (country: string) => `Naloxone dispensed and opioid deaths, ${country}`,
    caption:
      'For each place, the upper panel is the naloxone dispensed each period and the lower panel the opioid overdose deaths in the 12 months ending each month, on the same time axis.',
    noData:
      'No naloxone data in this warehouse yet. When a naloxone source (for example Medicaid State Drug Utilization Data) is loaded, this page compares it with opioid deaths.',
  },
  mapPage: {
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
    legendChange: 'Change (%)',
  },
  alertsPage: {
    summary: (alarms: string, fdr: string | null, corroborated: string | null) =>
      `${alarms} alarm(s) in the latest detection run${fdr === null ? '' : `; ${fdr} survive the false-discovery-rate correction`}${corroborated === null ? '' : `; ${corroborated} corroborated by another source`}.`,
    omitted: (n: string) =>
      `${n} older alarm(s) of the same run are not listed here; they are in analytics.alerts in the warehouse.`,
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
      `${n} value(s) are suppressed by their publisher to protect confidentiality (CDC suppresses counts from 1 to 9). They are shown as shaded gaps or grey tiles marked “s”, never as zeros.`,
    missing: (n: string) =>
      `${n} value(s) are missing (not published, or of too low quality). They are shown as gaps.`,
    provisional: (n: string) =>
      `${n} value(s) are provisional: the publisher may still revise them, usually upwards, as late records arrive.`,
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
      `Latest detection run: ${methods}; ${verdicts} verdicts, ${alarms} alarm(s). Each alarm compares the observed value with what its baseline led to expect, and says so in a sentence.`,
    fdr: (n: string) =>
      `With thousands of series tested at once, some alarms are expected by chance: the Benjamini–Hochberg correction keeps the false discovery rate at 5%; ${n} alarm(s) survive it.`,
    corroboration: (n: string) =>
      `An alarm is corroborated when another source raised one for the same drug and place within a few months: ${n} alarm(s) are.`,
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
  statusShort: { suppressed: 's', missing: '–' } as Record<string, string>,
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
  } as Record<string, string>,
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
  } as Record<string, string>,
  periodType: {
    '12mo_ending': '12-month-ending sums',
    month: 'months',
    quarter: 'quarters',
    year: 'years',
    week: 'weeks',
  } as Record<string, string>,
  periodPerRow: {
    month: 'per month',
    quarter: 'per quarter',
    year: 'per year',
    week: 'per week',
    '12mo_ending': 'in the 12 months ending each month',
  } as Record<string, string>,
  geoLevel: {
    nation: 'nation',
    state: 'states',
    region: 'regions',
    port: 'ports and sectors',
    county: 'counties',
    abroad: 'abroad',
  } as Record<string, string>,
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
  } as Record<string, string>,
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
  } as Record<string, string>,
  notAvailable: '—',
  months: (n: number) => `${n} months`,
  and: 'and',
};

export type Strings = typeof en;

const es: Strings = {
  langName: 'Español',
  langNav: 'Idioma',
  readInThisLang: 'Leer en español',
  pagesNav: 'Páginas',
  reportTitle: 'Centinela — fentanilo y metanfetamina en México y Estados Unidos',
  subtitle: 'Informe de vigilancia para el panel binacional de expertos México–Estados Unidos',
  demoBanner: 'DATOS DE DEMOSTRACIÓN — cifras sintéticas, no son cifras reales',
  demoDetail:
    'Este informe se hizo con los archivos de demostración incluidos: los formatos son los de los publicadores, las cifras son inventadas. No cite ninguna cifra de él.',
  generatedAt: (when: string) => `Generado el ${when}.`,
  dataAsOf: (list: string) => `Publicaciones de los datos: ${list}.`,
  notLoaded: (list: string) =>
    `Sin cargar (ninguna publicación incluida ni descargada; ejecute con --live o agregue un archivo): ${list}. No se muestra nada de estas fuentes.`,
  releaseItem: (source: string, vintage: string) => `${source} del ${vintage}`,
  chartFailed: 'No se pudo dibujar esta gráfica.',
  chartLoading: 'Dibujando la gráfica…',
  noScript:
    'Las gráficas y los filtros de las tablas requieren JavaScript. En la carpeta charts, junto a esta página, hay una copia SVG de cada gráfica.',
  svgLink: 'SVG',
  specLink: 'Vega-Lite',
  downloads: 'Archivos de la gráfica:',
  nav: {
    overview: 'Resumen',
    fentanyl: 'Fentanilo',
    methamphetamine: 'Metanfetamina',
    seizures: 'Aseguramientos y muertes',
    naloxone: 'Naloxona y muertes',
    map: 'Mapa',
    alerts: 'Alertas',
    trends: 'Tendencias',
    notes: 'Notas sobre los datos',
  },
  pageIntro: {
    overview:
      'Las cifras más recientes, cómo se comparan con un año antes y las señales que más vale discutir.',
    fentanyl:
      'Muertes relacionadas con fentanilo: Estados Unidos cuenta los opioides sintéticos distintos de la metadona (CIE-10 T40.4); México no tiene un conteo específico de fentanilo, así que se usa la categoría de causa básica más cercana.',
    methamphetamine:
      'Muertes relacionadas con metanfetamina: Estados Unidos cuenta los psicoestimulantes con potencial de abuso (T43.6); en México se usan las categorías de causa básica más cercanas.',
    seizures:
      'Aseguramientos de drogas y muertes por sobredosis, mes a mes, en los estados de ambos lados de la frontera. Cada lugar tiene dos paneles con los mismos meses: lo asegurado y, debajo, las muertes.',
    naloxone:
      'Naloxona dispensada (el antídoto de la sobredosis por opioides) junto a las muertes por sobredosis de opioides, en el mismo eje de tiempo.',
    map: 'Los estados de México y de Estados Unidos juntos, un mosaico por estado: las muertes más recientes (por 100 000 habitantes cuando hay población cargada) y el cambio respecto a un año antes.',
    alerts:
      'Todas las alarmas de la ejecución de detección más reciente. Ordene por cualquier columna, filtre por sustancia, lugar, método o fuente, y lea por qué se emitió cada alarma.',
    trends:
      'La regresión Joinpoint divide cada serie en segmentos de cambio constante; el cambio porcentual anual (CPA) dice qué tan rápido subió o bajó cada segmento.',
    notes:
      'De dónde vienen las cifras y qué tener en cuenta al leerlas. Todo en esta página se genera a partir del almacén de datos con que se hizo el informe.',
  },
  family: { fentanyl: 'Fentanilo', methamphetamine: 'Metanfetamina' },
  country: { US: 'Estados Unidos', MX: 'México' },
  noData: 'Todavía no hay datos en este almacén.',
  noDataFor: (what: string) => `Todavía no hay datos de ${what} en este almacén.`,
  countryNoData: (country: string) => `${country}: todavía no hay datos en este almacén.`,
  overview: {
    headlinesTitle: 'Cifras principales',
    headlinesIntro:
      'Las cifras nacionales más recientes y el cambio respecto al mismo periodo un año antes. Las flechas solo indican la dirección: un aumento de muertes es mala noticia; un aumento de naloxona dispensada, no.',
    noHeadlines: 'Todavía no hay series nacionales en este almacén.',
    signalsTitle: 'Señales para discutir',
    signalsIntro:
      'Alarmas de la ejecución más reciente, de la más fuerte a la más débil: primero las corroboradas por otra fuente, luego las emitidas por varios métodos a la vez y luego las que resisten la corrección por tasa de falsos descubrimientos.',
    noSignals: 'No hay alarmas en la ejecución de detección más reciente.',
    contentsTitle: 'En este informe',
    more: 'Ver todas las alertas',
  },
  headline: {
    deaths: (family: string, country: string) => `Muertes por ${family.toLowerCase()}, ${country}`,
    seizures: (family: string, country: string) => `${family} asegurado, ${country}`,
    naloxone: (country: string) => `Naloxona dispensada, ${country}`,
    period12: (month: string) => `12 meses que terminan en ${month}`,
    periodQuarters: (quarter: string) => `4 trimestres que terminan en el ${quarter}`,
    periodYear: (year: string) => `Año ${year}`,
    up: (pct: string) => `▲ ${pct} respecto a un año antes`,
    down: (pct: string) => `▼ ${pct} respecto a un año antes`,
    same: 'Sin cambio respecto a un año antes',
    noPrevious: 'Sin cifra de un año antes',
    provisional: 'provisional',
    proxy: (label: string) => `Se cuenta como: ${label}`,
  },
  drugPage: {
    nationalTitle: (family: string) => `${family}: muertes por sobredosis a nivel nacional`,
    nationalCaption:
      'Muertes en los 12 meses que terminan en cada mes. Las líneas continuas son conteos notificados; las discontinuas, conteos predichos ajustados por retrasos en la notificación. Los meses sombreados son valores suprimidos o faltantes, nunca ceros. Cada país tiene su propia escala.',
    borderTitle: (family: string) => `${family}: muertes por sobredosis en los estados fronterizos`,
    borderCaption:
      'Los estados de ambos lados de la frontera, de oeste a este, cada uno con su propia escala vertical. Los meses sombreados son valores suprimidos o faltantes, nunca ceros.',
    noBorder: 'Todavía no hay muertes por estado para los estados fronterizos en este almacén.',
    noNational: 'Todavía no hay una serie nacional de muertes para esta sustancia en este almacén.',
    proxyNote: (country: string, label: string) =>
      `${country}: sus registros de defunción no cuentan esta sustancia; en su lugar se muestra: ${label}.`,
    latestSegments: 'Segmento de tendencia más reciente',
    alertsCount: (n: string) => `${n} alarma(s) en la ejecución de detección más reciente.`,
    seeAlerts: 'Ver las alertas',
    seeTrends: 'Ver las tendencias',
  },
  seizuresPage: {
    chartTitle: (family: string, country: string) => `${family}: aseguramientos y muertes, ${country}`,
    caption:
      'Para cada lugar, el panel superior es lo asegurado cada mes y el inferior las muertes en los 12 meses que terminan en cada mes, con los mismos meses. Tienen unidades y escalas distintas: compare su momento, no su altura.',
    areasNote:
      'Los aseguramientos de EE. UU. por estado suman solo las áreas de responsabilidad de la CBP (puertos de entrada y sectores de la Patrulla Fronteriza) que están dentro de ese estado; las áreas que abarcan varios estados se dejan fuera, así que las cifras estatales son cotas inferiores.',
    fiscalNote:
      'La CBP publica por año fiscal de EE. UU. (de octubre a septiembre); aquí los meses son meses calendario.',
    noData:
      'Todavía no hay datos de aseguramientos de los estados fronterizos ni nacionales en este almacén.',
    missing: (list: string) => `Sin datos de aseguramientos para: ${list}.`,
  },
  naloxonePage: {
    chartTitle: (country: string) => `Naloxona dispensada y muertes por opioides, ${country}`,
    caption:
      'Para cada lugar, el panel superior es la naloxona dispensada en cada periodo y el inferior las muertes por sobredosis de opioides en los 12 meses que terminan en cada mes, en el mismo eje de tiempo.',
    noData:
      'Todavía no hay datos de naloxona en este almacén. Cuando se cargue una fuente de naloxona (por ejemplo, los datos de utilización de medicamentos de Medicaid), esta página la comparará con las muertes por opioides.',
  },
  mapPage: {
    chartTitle: (family: string) =>
      `${family}: muertes más recientes por estado y cambio respecto a un año antes`,
    rateTitle: (period: string) => `Muertes por 100 000 habitantes, ${period}`,
    countTitle: (period: string) => `Muertes, ${period}`,
    legendRateTitle: 'Muertes por 100 000 habitantes',
    legendCountTitle: 'Muertes (conteo, no tasa)',
    changeTitle: 'Cambio respecto a un año antes (%)',
    caption:
      'Un mosaico por estado, los de Estados Unidos arriba y los de México abajo, aproximadamente donde están. Los mosaicos grises no tienen valor: suprimido (marcado «s») o no disponible («–»). «*»: menos de 10 muertes un año antes, muy pocas para un cambio porcentual.',
    noDenominator:
      'No hay denominadores de población cargados, así que el panel izquierdo muestra conteos, no tasas; los conteos de estados grandes y pequeños no son comparables.',
    rateBasis: (sources: string) => `Las tasas por 100 000 habitantes usan la población de: ${sources}.`,
    noData: 'Todavía no hay muertes por estado para esta sustancia en este almacén.',
    tableSummary: 'Los valores en una tabla',
    proxy: (label: string) => `Estados de México: ${label}.`,
    legendRate: 'Por 100 000',
    legendCount: 'Muertes',
    legendChange: 'Cambio (%)',
  },
  alertsPage: {
    summary: (alarms: string, fdr: string | null, corroborated: string | null) =>
      `${alarms} alarma(s) en la ejecución de detección más reciente${fdr === null ? '' : `; ${fdr} resisten la corrección por tasa de falsos descubrimientos`}${corroborated === null ? '' : `; ${corroborated} corroborada(s) por otra fuente`}.`,
    omitted: (n: string) =>
      `${n} alarma(s) más antiguas de la misma ejecución no se listan aquí; están en analytics.alerts en el almacén.`,
    chartTitle: 'Alarmas por lugar y mes',
    chartCaption:
      'Una marca por alarma: el color es la sustancia y la forma el método; las marcas rellenas resisten la corrección por tasa de falsos descubrimientos.',
    noAlerts: 'No hay alarmas en la ejecución de detección más reciente.',
    filterLegend: 'Filtrar las alertas',
    search: 'Buscar',
    searchPlaceholder: 'lugar, sustancia, palabras de la frase…',
    any: 'Todos',
    fdrOnly: 'Solo las que resisten la corrección FDR',
    corroboratedOnly: 'Solo corroboradas',
    showing: 'Se muestran {shown} de {total} alarmas.',
    sortHint: 'Seleccione el encabezado de una columna para ordenar por ella.',
    corroboratedBy: (list: string) => `Corroborada por ${list}`,
    methodsAgree: (n: string) => `${n} métodos coinciden`,
    fdrYes: 'Resiste FDR',
    fdrNo: 'No significativa tras FDR',
    sparkLabel: (month: string) =>
      `Lo que vio el detector hasta ${month}: la línea es el valor observado, la banda va del valor esperado al umbral y los puntos son alarmas.`,
    sparkLegend:
      'En cada gráfica pequeña: la línea es lo que vio el detector, la banda azul va del valor esperado al umbral, el sombreado gris es la ventana de la línea base y los puntos naranjas son alarmas.',
  },
  trendsPage: {
    chartTitle: (family: string) => `${family}: segmentos de tendencia (cambio porcentual anual)`,
    chartCaption:
      'Cada barra es un segmento de cambio constante hallado por regresión Joinpoint; su color y su etiqueta dan el cambio porcentual anual (CPA). Naranja sube, azul baja.',
    tableTitle: 'Todos los segmentos',
    showing: 'Se muestran {shown} de {total} segmentos.',
    noTrends: 'Todavía no hay segmentos de tendencia en el almacén.',
    noFamily: 'Todavía no hay segmentos de tendencia para esta sustancia.',
    overlapNote:
      'En las sumas de 12 meses, los valores vecinos comparten 11 meses, por lo que los intervalos de confianza son más estrechos de lo que deberían: léalos como indicativos.',
  },
  notesPage: {
    sourcesTitle: 'Fuentes',
    readingTitle: 'Cómo leer las cifras',
    revisionsTitle: 'Revisiones entre publicaciones',
    revisionsIntro:
      'Los publicadores revisan los valores recientes conforme llegan registros tardíos. Cómo cambiaron los valores de cada fuente de una publicación a la siguiente:',
    noRevisions: 'Solo hay una publicación cargada de cada fuente: todavía no hay revisiones que comparar.',
    detectionTitle: 'Cómo se emiten las alarmas',
    populationTitle: 'Denominadores de población',
    noPopulation: 'No hay denominadores de población cargados: el informe muestra conteos, no tasas.',
    drugsTitle: 'Qué cuenta cada categoría de sustancia',
    table: {
      source: 'Fuente',
      what: 'Qué contiene',
      coverage: 'Periodos',
      release: 'Publicación usada',
      earlier: 'Publicaciones cargadas',
      values: 'Valores',
      suppressed: 'Suprimidos',
      provisional: 'Provisionales',
      from: 'De la publicación',
      to: 'A la publicación',
      measure: 'Medida',
      changed: 'Valores cambiados',
      upDown: 'Suben / bajan',
      statusChanged: 'Cambió el estado',
      medianChange: 'Cambio mediano',
      maxChange: 'Cambio mayor',
      country: 'País',
      years: 'Años',
    },
    demoRelease: 'demostración',
    twelveMonth:
      'Los valores de las series de 12 meses son sumas de los 12 meses que terminan en el mes indicado, así que los valores consecutivos se traslapan en 11 meses. Los detectores trabajan sobre el cambio mensual de la suma, que es igual a las muertes de este mes menos las del mismo mes un año antes.',
    suppressed: (n: string) =>
      `${n} valor(es) están suprimidos por su publicador para proteger la confidencialidad (los CDC suprimen los conteos de 1 a 9). Se muestran como huecos sombreados o mosaicos grises marcados «s», nunca como ceros.`,
    missing: (n: string) =>
      `${n} valor(es) faltan (no se publicaron o son de calidad insuficiente). Se muestran como huecos.`,
    provisional: (n: string) =>
      `${n} valor(es) son provisionales: el publicador aún puede revisarlos, por lo general al alza, conforme llegan registros tardíos.`,
    predicted:
      'Los valores predichos ajustan los conteos notificados por retrasos en la notificación (certificados de defunción aún incompletos); se muestran con líneas discontinuas.',
    fiscalYears:
      'La CBP publica los aseguramientos por año fiscal federal de EE. UU., que va de octubre a septiembre (el año fiscal 2024 empezó en octubre de 2023). Aquí todos los meses son meses calendario.',
    areas:
      'La CBP informa los aseguramientos por área de responsabilidad (oficinas de campo, sectores de la Patrulla Fronteriza) y por región, no por estado. Aquí los aseguramientos de un estado suman solo las áreas que están por completo dentro de él; las que abarcan varios estados se dejan fuera en lugar de adivinar.',
    mexicoCauses:
      'Las muertes en México vienen de los certificados de defunción registrados, codificados por causa básica (CIE-10 sin punto: X42, F15…). Cuentan algo distinto de los códigos T de causa múltiple de los CDC, y ninguna categoría mexicana es específica de fentanilo o metanfetamina: compare la forma de las curvas, no su nivel.',
    overlap:
      'Las categorías de sustancias se traslapan (una muerte puede involucrar varias sustancias): nunca las sume.',
    detection: (methods: string, verdicts: string, alarms: string) =>
      `Ejecución de detección más reciente: ${methods}; ${verdicts} veredictos, ${alarms} alarma(s). Cada alarma compara el valor observado con lo que su línea base hacía esperar, y lo dice en una frase.`,
    fdr: (n: string) =>
      `Al evaluar miles de series a la vez, algunas alarmas se esperan por azar: la corrección de Benjamini–Hochberg mantiene la tasa de falsos descubrimientos en 5 %; ${n} alarma(s) la resisten.`,
    corroboration: (n: string) =>
      `Una alarma está corroborada cuando otra fuente emitió una para la misma sustancia y el mismo lugar en unos pocos meses: ${n} alarma(s) lo están.`,
    population: (list: string) => `Las tasas por 100 000 habitantes usan: ${list}.`,
    generatedFrom: (file: string) => `Generado a partir del almacén ${file}.`,
  },
  axis: {
    month: 'Mes',
    period12: '12 meses que terminan en',
    deaths: 'Muertes',
    deaths12: 'Muertes (suma de 12 meses)',
    value: 'Valor',
    apc: 'Cambio porcentual anual',
  },
  legend: {
    drug: 'Sustancia',
    series: 'Serie',
    method: 'Método',
    gap: 'Suprimido o faltante',
    fdr: 'Resiste FDR',
    apc: 'CPA (%)',
  },
  series: { reported: 'Notificadas', predicted: 'Predichas (ajustadas por retraso)' },
  tooltip: {
    place: 'Lugar',
    drug: 'Sustancia',
    month: 'Mes',
    period: 'Periodo',
    series: 'Serie',
    value: 'Valor',
    status: 'Estado',
    method: 'Método',
    observed: 'Observado',
    expected: 'Esperado',
    threshold: 'Umbral',
    source: 'Fuente',
    rate: 'Por 100 000',
    deaths: 'Muertes',
    change: 'Cambio respecto a un año antes',
    previous: 'Un año antes',
    segment: 'Segmento',
    from: 'Desde',
    to: 'Hasta',
    apc: 'CPA',
    ci: 'IC 95 %',
    pValue: 'valor p',
    qValue: 'valor q',
    population: 'Población de',
  },
  table: {
    month: 'Mes',
    place: 'Lugar',
    drug: 'Sustancia',
    source: 'Fuente',
    method: 'Método',
    observed: 'Observado',
    expected: 'Esperado',
    threshold: 'Umbral',
    qValue: 'valor q',
    signal: 'Fuerza',
    explanation: 'Por qué',
    segment: 'Segmento',
    from: 'Desde',
    to: 'Hasta',
    apc: 'CPA (IC 95 %)',
    pValue: 'valor p',
    sentence: 'En palabras',
    rate: 'Por 100 000',
    deaths: 'Muertes',
    change: 'Cambio',
    status: 'Estado',
  },
  status: {
    reported: 'Notificado',
    provisional: 'Provisional',
    predicted: 'Predicho',
    suppressed: 'Suprimido',
    missing: 'No disponible',
  },
  statusShort: { suppressed: 's', missing: '–' },
  measure: {
    deaths: 'Muertes',
    deaths_predicted: 'Muertes (predichas)',
    deaths_unintentional: 'Muertes (accidentales)',
    deaths_suicide: 'Muertes (suicidio)',
    deaths_homicide: 'Muertes (homicidio)',
    deaths_undetermined: 'Muertes (intención no determinada)',
    seizure_kg: 'Asegurado (kg)',
    seizure_events: 'Eventos de aseguramiento',
    seizure_pills: 'Pastillas aseguradas',
    seizure_litres: 'Litros asegurados',
    naloxone_rx: 'Recetas de naloxona',
    naloxone_units: 'Unidades de naloxona',
    naloxone_rx_per_100:
      'Naloxona dispensada: recetas en farmacias minoristas por cada 100 personas (una tasa)',
    pct_drug_specified: 'Porcentaje de muertes con la sustancia especificada',
    investigations: 'Carpetas de investigación iniciadas (delitos, no drogas)',
  },
  measureShort: {
    deaths: 'muertes',
    seizure_kg: 'kg asegurados',
    seizure_events: 'eventos de aseguramiento',
    seizure_pills: 'pastillas aseguradas',
    seizure_litres: 'litros asegurados',
    naloxone_rx: 'recetas',
    naloxone_units: 'unidades',
    naloxone_rx_per_100: 'recetas en farmacias minoristas por cada 100 personas',
    investigations: 'carpetas de investigación',
  },
  periodType: {
    '12mo_ending': 'sumas de 12 meses',
    month: 'meses',
    quarter: 'trimestres',
    year: 'años',
    week: 'semanas',
  },
  periodPerRow: {
    month: 'por mes',
    quarter: 'por trimestre',
    year: 'por año',
    week: 'por semana',
    '12mo_ending': 'en los 12 meses que terminan en cada mes',
  },
  geoLevel: {
    nation: 'país',
    state: 'estados',
    region: 'regiones',
    port: 'puertos y sectores',
    county: 'condados',
    abroad: 'extranjero',
  },
  method: {
    ears_c1: 'EARS C1',
    ears_c2: 'EARS C2',
    ears_c3: 'EARS C3',
    nssp_switch: 'NSSP regresión/EWMA (switch)',
    nssp_ewma: 'NSSP EWMA',
    nssp_regression: 'NSSP regresión',
    noufaily: 'Noufaily (Farrington mejorado)',
    farrington: 'Farrington',
    cusum: 'CUSUM',
    glrnb: 'GLR binomial negativa',
    joinpoint_bic: 'Joinpoint (BIC)',
  },
  sourceGeneric: (measures: string, levels: string, periods: string) =>
    `${measures}, por ${levels}, en ${periods}.`,
  drugNote: {
    fentanyl:
      'CIE-10 T40.4, opioides sintéticos distintos de la metadona: el indicador habitual del fentanilo ilícito.',
    methamphetamine:
      'CIE-10 T43.6, psicoestimulantes con potencial de abuso: el indicador habitual de la metanfetamina.',
    mx_narcotics_poisoning:
      'México, causa básica X42, X62, Y12 (envenenamiento por narcóticos y psicodislépticos): el indicador más cercano de sobredosis por opioides, pero también incluye envenenamientos por cocaína y cannabis.',
    mx_opioid_use_disorder:
      'México, causa básica F11 (trastornos por uso de opiáceos): muertes por opioides certificadas como dependencia y no como envenenamiento.',
    mx_stimulant_use_disorder:
      'México, causa básica F15 (trastornos por uso de otros estimulantes): en México, sobre todo metanfetamina.',
    mx_psychotropic_poisoning:
      'México, causa básica X41, X61, Y11: el envenenamiento por psicoestimulantes se codifica aquí junto con antidepresivos, sedantes y antiepilépticos.',
    narcomenudeo:
      'Un delito, no una droga: carpetas de investigación de las fiscalías estatales por venta o posesión al menudeo, todas las drogas juntas.',
  },
  notAvailable: '—',
  months: (n: number) => `${n} meses`,
  and: 'y',
};

export const STRINGS: Record<Lang, Strings> = { en, es };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

/** A label from one of the code → label tables, or the code itself when the table does not know it. */
export function label(table: Record<string, string>, code: string): string {
  return table[code] ?? code;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], options);
    numberFormats.set(key, format);
  }
  return format;
}

/** `1,234.5` in both languages (es-MX groups with commas and uses a decimal point); null → an em dash. */
export function formatNumber(value: number | null | undefined, lang: Lang, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return numberFormat(lang, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A count, rounded to a whole number unless small. */
export function formatCount(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return formatNumber(value, lang, Math.abs(value) < 100 ? 1 : 0);
}

/** A percent given as a number of percent (12.3 → "+12.3%"), signed unless zero. */
export function formatPercent(value: number | null | undefined, lang: Lang, signed = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return numberFormat(lang, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(value / 100);
}

/** A p- or q-value: three significant digits, or "< 0.001". */
export function formatP(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  if (value < 0.001) return `< ${formatNumber(0.001, lang, 3)}`;
  return formatNumber(value, lang, 3);
}

function parseIsoDate(iso: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatWith(iso: string, lang: Lang, options: Intl.DateTimeFormatOptions): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[lang], { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** "June 2024" / "junio de 2024"; an unparseable input is returned as is. */
export function formatMonth(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { month: 'long', year: 'numeric' });
}

/** "Jun 2024" / "jun 2024". */
export function formatMonthShort(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { month: 'short', year: 'numeric' });
}

/** "October 16, 2024" / "16 de octubre de 2024". */
export function formatDate(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** Date and time in UTC, e.g. "October 16, 2024 at 14:05 UTC". */
export function formatDateTime(iso: string, lang: Lang): string {
  if (!parseIsoDate(iso)) return iso;
  return `${formatWith(iso, lang, { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23' })} UTC`;
}

/** "Q2 2024" / "2.º trimestre de 2024" for the quarter containing `iso`. */
export function formatQuarter(iso: string, lang: Lang): string {
  const q = Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1;
  const year = iso.slice(0, 4);
  return lang === 'en' ? `Q${q} ${year}` : `${q}.º trimestre de ${year}`;
}

/** A period, by its type: "12 months ending June 2024", "June 2024", "Q2 2024", "2024". */
export function formatPeriod(end: string, periodType: string, lang: Lang): string {
  switch (periodType) {
    case '12mo_ending':
      return STRINGS[lang].headline.period12(formatMonth(end, lang));
    case 'quarter':
      return formatQuarter(end, lang);
    case 'year':
      return end.slice(0, 4);
    case 'week':
      return formatDate(end, lang);
    default:
      return formatMonth(end, lang);
  }
}

/** "a, b and c" / "a, b y c". */
export function listOf(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${STRINGS[lang].and} ${items[items.length - 1]}`;
}

/** d3-format / d3-time-format locale definitions, as Vega's `config.locale` and vega-embed options take them. */
export interface VegaLocale {
  number: NumberLocale;
  time: TimeLocale;
}

const VEGA_LOCALES: Record<Lang, VegaLocale> = {
  en: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: '%x, %X',
      date: '%-m/%-d/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  },
  // d3's es-MX definitions.
  es: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: '%x, %X',
      date: '%d/%m/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
      shortDays: ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'],
      months: [
        'enero',
        'febrero',
        'marzo',
        'abril',
        'mayo',
        'junio',
        'julio',
        'agosto',
        'septiembre',
        'octubre',
        'noviembre',
        'diciembre',
      ],
      shortMonths: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
    },
  },
};

/** Number and time locale for Vega, so axis labels are in the page's language. Returns a fresh copy. */
export function vegaLocale(lang: Lang): VegaLocale {
  return structuredClone(VEGA_LOCALES[lang]);
}
