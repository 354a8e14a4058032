/** The report's and notebooks' UI strings in Spanish (as written in Mexico): the compiler checks it has every string of `Strings`. */

import type { Strings } from './en.ts';

/** El singular cuando la cifra (ya formateada) es uno, si no el plural. */
const pl = (n: string, one: string, other: string) => (/^[+-−]?1$/.test(n) ? one : other);

export const es: Strings = {
  langName: 'Español',
  langNav: 'Idioma',
  readInThisLang: 'Leer en español',
  skipLink: 'Ir al contenido',
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
    map: 'Los estados de México y de Estados Unidos juntos, un mosaico por estado: las muertes más recientes (por 100,000 habitantes cuando hay población cargada) y el cambio respecto a un año antes.',
    alerts:
      'Todas las alarmas de la ejecución de detección más reciente. Ordene por cualquier columna, filtre por sustancia, lugar, método o fuente, y lea por qué se emitió cada alarma.',
    trends:
      'La regresión Joinpoint divide cada serie en segmentos de cambio constante; el cambio porcentual anual (CPA) dice qué tan rápido subió o bajó cada segmento.',
    notes:
      'De dónde vienen las cifras y qué tener en cuenta al leerlas. Todo en esta página se genera a partir del almacén de datos con que se hizo el informe.',
  },
  family: { fentanyl: 'Fentanilo', methamphetamine: 'Metanfetamina' },
  monthFormat: '%B de %Y',
  countryShort: { US: 'EE. UU.', MX: 'México' },
  country: { US: 'Estados Unidos', MX: 'México' },
  noData: 'Todavía no hay datos en este almacén.',
  noDataFor: (what: string) => `Todavía no hay datos de ${what} en este almacén.`,
  countryNoData: (country: string) => `${country}: todavía no hay datos en este almacén.`,
  now: {
    title: 'Ahora: señales en el periodo más reciente',
    intro:
      'Series con una alarma en el periodo más reciente que su fuente ha publicado, de la más fuerte a la más débil: corroboradas por otra fuente, luego señaladas por varios métodos y que superan la corrección por tasa de falsos descubrimientos. Cada fuente tiene su propio periodo más reciente:',
    sourceLine: (source: string, period: string, release: string | null, count: string) =>
      `${source}: datos hasta ${period}${release ? ` (publicación del ${release})` : ''}; ${count}.`,
    seriesAlarmed: (n: number, shown: string) =>
      n === 0 ? 'ninguna serie en alarma' : n === 1 ? 'una serie en alarma' : `${shown} series en alarma`,
    since: (month: string, months: string) => `en alarma desde ${month} (${months} meses seguidos)`,
    newNow: 'nueva en este periodo',
    methodsAgree: (n: string, list: string) => `${n} métodos coinciden (${list})`,
    oneMethod: (method: string) => `un método (${method})`,
    fdr: 'supera la corrección por tasa de falsos descubrimientos',
    corroborated: (list: string) => `corroborada por ${list}`,
    more: (n: string) => `${n} series más en alarma en su periodo más reciente: ver las alertas.`,
    none: 'Ninguna serie está en alarma en el periodo más reciente de su fuente.',
    noDetection: 'Todavía no se ha ejecutado la detección en este almacén.',
    notMonitored: (list: string) =>
      `Cargadas pero no vigiladas (ningún detector las analiza por omisión): ${list}.`,
    notLoaded: (list: string) => `No cargadas, así que no vigiladas: ${list}.`,
  },
  chartData: {
    toggle: 'La gráfica en palabras y cifras',
    summary: (title: string, items: string) => `${title}. Valores más recientes: ${items}.`,
    latestItem: (what: string, value: string, month: string) => `${what}: ${value} (${month})`,
  },
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
    naloxone: (unit: string, source: string, country: string) =>
      `Naloxona: ${unit} (solo ${source}), ${country}`,
    proxyDeaths: (counted: string, country: string) => `Muertes contadas como ${counted}, ${country}`,
    adjusted:
      'valor predicho por la fuente, ajustado por el retraso en el registro (los conteos registrados aún están incompletos)',
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
    alertsCount: (n: string) =>
      `${n} ${pl(n, 'alarma', 'alarmas')} en la ejecución de detección más reciente.`,
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
  investigations: {
    chartTitle: 'México: carpetas de investigación por delitos de drogas abiertas cada mes',
    subtitle:
      'Carpetas de investigación abiertas (SESNSP), no aseguramientos ni muertes; cada lugar con su propia escala',
    value: 'Carpetas abiertas',
    caption:
      'Carpetas de investigación abiertas cada mes por las fiscalías: narcomenudeo (venta al menudeo y posesión) por los estados, delitos contra la salud por la fiscalía federal. Miden la actividad policial y ministerial, no el consumo, los aseguramientos ni las muertes: un aumento puede indicar más persecución tanto como más venta. Cada serie abarca los meses de su propia publicación.',
    through: (source: string, from: string, to: string) => `${source}: de ${from} a ${to}.`,
  },
  naloxonePage: {
    chartTitle: (country: string) => `Naloxona dispensada y muertes por opioides, ${country}`,
    caption:
      'Para cada lugar, el panel superior es la naloxona dispensada en cada periodo y el inferior las muertes por sobredosis de opioides en los 12 meses que terminan en cada mes, en el mismo eje de tiempo.',
    noData:
      'Todavía no hay datos de naloxona en este almacén. Cuando se cargue una fuente de naloxona (por ejemplo, los datos de utilización de medicamentos de Medicaid), esta página la comparará con las muertes por opioides.',
  },
  mapPage: {
    countOnly: (mark: string, places: string) =>
      `${mark} ${places}: la fuente reporta estos lugares por separado y ninguna población corresponde a cada uno, así que sus casillas muestran el número de muertes, no una tasa.`,
    chartTitle: (family: string) =>
      `${family}: muertes más recientes por estado y cambio respecto a un año antes`,
    rateTitle: (period: string) => `Muertes por 100,000 habitantes, ${period}`,
    countTitle: (period: string) => `Muertes, ${period}`,
    legendRateTitle: 'Muertes por 100,000 habitantes',
    legendCountTitle: 'Muertes (conteo, no tasa)',
    changeTitle: 'Cambio respecto a un año antes (%)',
    caption:
      'Un mosaico por estado, los de Estados Unidos arriba y los de México abajo, aproximadamente donde están. Los mosaicos grises no tienen valor: suprimido (marcado «s») o no disponible («–»). «*»: menos de 10 muertes un año antes, muy pocas para un cambio porcentual.',
    noDenominator:
      'No hay denominadores de población cargados, así que el panel izquierdo muestra conteos, no tasas; los conteos de estados grandes y pequeños no son comparables.',
    rateBasis: (sources: string) => `Las tasas por 100,000 habitantes usan la población de: ${sources}.`,
    noData: 'Todavía no hay muertes por estado para esta sustancia en este almacén.',
    tableSummary: 'Los valores en una tabla',
    proxy: (label: string) => `Estados de México: ${label}.`,
    legendRate: 'Por 100,000',
    legendCount: 'Muertes',
    predicted: (source: string, places: string) =>
      `${places}: muertes predichas por ${source}, ajustadas por retraso en la notificación (estado «Predicho»), como en las cifras principales: las cifras notificadas recientes aún están incompletas. En los demás, cifras notificadas.`,
    narrowNote:
      'En una pantalla angosta los estados van en orden alfabético de su abreviatura: primero Estados Unidos, luego México.',
    legendChange: 'Cambio (%)',
  },
  alertsPage: {
    unitChange: (unit: string) => `${unit}: cambio de la suma de 12 meses respecto a un año antes`,
    summary: (alarms: string, fdr: string | null, corroborated: string | null) =>
      `${alarms} ${pl(alarms, 'alarma', 'alarmas')} en la ejecución de detección más reciente${fdr === null ? '' : `; ${fdr} ${pl(fdr, 'resiste', 'resisten')} la corrección por tasa de falsos descubrimientos`}${corroborated === null ? '' : `; ${corroborated} ${pl(corroborated, 'corroborada', 'corroboradas')} por otra fuente`}.`,
    omitted: (n: string) =>
      `${n} ${pl(n, 'alarma más antigua', 'alarmas más antiguas')} de la misma ejecución no se ${pl(n, 'lista', 'listan')} aquí; están en analytics.alerts en el almacén.`,
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
      `${n} ${pl(n, 'valor está suprimido', 'valores están suprimidos')} por su publicador para proteger la confidencialidad (los CDC suprimen los conteos de 1 a 9). Se muestran como huecos sombreados o mosaicos grises marcados «s», nunca como ceros.`,
    missing: (n: string) =>
      `${n} ${pl(n, 'valor falta', 'valores faltan')} (no se publicaron o son de calidad insuficiente). Se muestran como huecos.`,
    provisional: (n: string) =>
      `${n} ${pl(n, 'valor es provisional', 'valores son provisionales')}: el publicador aún puede revisarlos, por lo general al alza, conforme llegan registros tardíos.`,
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
      `Ejecución de detección más reciente: ${methods}; ${verdicts} ${pl(verdicts, 'veredicto', 'veredictos')}, ${alarms} ${pl(alarms, 'alarma', 'alarmas')}. Cada alarma compara el valor observado con lo que su línea base hacía esperar, y lo dice en una frase.`,
    fdr: (n: string) =>
      `Al evaluar miles de series a la vez, algunas alarmas se esperan por azar: la corrección de Benjamini–Hochberg mantiene la tasa de falsos descubrimientos en 5%; ${n} ${pl(n, 'alarma la resiste', 'alarmas la resisten')}.`,
    corroboration: (n: string) =>
      `Una alarma está corroborada cuando otra fuente emitió una para la misma sustancia y el mismo lugar en unos pocos meses: ${n} ${pl(n, 'alarma lo está', 'alarmas lo están')}.`,
    population: (list: string) => `Las tasas por 100,000 habitantes usan: ${list}.`,
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
    unit: 'Unidad',
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
    rate: 'Por 100,000',
    deaths: 'Muertes',
    change: 'Cambio respecto a un año antes',
    previous: 'Un año antes',
    segment: 'Segmento',
    from: 'Desde',
    to: 'Hasta',
    apc: 'CPA',
    ci: 'IC 95%',
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
    apc: 'CPA (IC 95%)',
    pValue: 'valor p',
    sentence: 'En palabras',
    rate: 'Por 100,000',
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
    nssp_switch: 'NSSP regresión/EWMA (alternancia)',
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
