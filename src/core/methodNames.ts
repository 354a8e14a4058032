/** The detection methods by name, as written in the config and recorded with every verdict (src/run/methods.ts runs them). */
export const METHOD_NAMES = [
  'ears_c1',
  'ears_c2',
  'ears_c3',
  'cusum',
  'glrnb',
  'nssp_ewma',
  'nssp_regression',
  'nssp_switch',
  'nssp_nbinom',
  'nssp_serfling',
  'farrington',
  'noufaily',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The count models (Poisson / negative binomial): the methods whose `countsOnly` is true. */
export const COUNT_METHODS: readonly MethodName[] = [
  'cusum',
  'glrnb',
  'nssp_nbinom',
  'farrington',
  'noufaily',
];
