import { describe, expect, it } from 'vitest';
import { DEFAULT_METHODS } from '../../src/core/config.ts';
import { COUNT_METHODS, METHOD_NAMES } from '../../src/core/methodNames.ts';
import { methodsFor, seriesKind } from '../../src/core/seriesKind.ts';
import { monthlyMethods } from '../../src/run/methods.ts';

const EARS_NSSP = ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'];
const COUNTS = ['noufaily', 'farrington'];

describe('the method for the kind of series', () => {
  // Every measure the sources produce, on both period types detection reads.
  const table: [string, string, 'count' | 'change' | 'amount', string[]][] = [
    ['month', 'deaths', 'count', COUNTS], // INEGI monthly deaths
    ['month', 'deaths_unintentional', 'count', COUNTS],
    ['month', 'deaths_suicide', 'count', COUNTS],
    ['month', 'deaths_homicide', 'count', COUNTS],
    ['month', 'deaths_undetermined', 'count', COUNTS],
    ['month', 'investigations', 'count', COUNTS], // SESNSP
    ['month', 'seizure_events', 'count', COUNTS], // CBP, panel
    ['month', 'seizure_kg', 'amount', EARS_NSSP],
    ['month', 'seizure_pills', 'amount', EARS_NSSP],
    ['month', 'seizure_litres', 'amount', EARS_NSSP],
    ['month', 'pct_drug_specified', 'amount', EARS_NSSP],
    ['month', 'naloxone_rx_per_100', 'amount', EARS_NSSP],
    ['12mo_ending', 'deaths', 'change', EARS_NSSP], // CDC VSRR, specific drugs, INEGI's 12-month sums
    ['12mo_ending', 'deaths_predicted', 'change', EARS_NSSP],
    ['12mo_ending', 'deaths_unintentional', 'change', EARS_NSSP],
    ['12mo_ending', 'pct_drug_specified', 'change', EARS_NSSP],
    ['12mo_ending', 'investigations', 'change', EARS_NSSP],
    ['12mo_ending', 'seizure_kg', 'change', EARS_NSSP],
  ];
  it.each(table)('%s %s is a %s series: %j by default', (periodType, measure, kind, methods) => {
    expect(seriesKind(periodType, measure)).toBe(kind);
    expect(methodsFor(kind, DEFAULT_METHODS)).toEqual(methods);
  });

  it('lists as count models exactly the methods that declare countsOnly', () => {
    const methods = monthlyMethods({ ears: { baseline: 7, z: 3, h: 2, minSigma: 0 } });
    const declared = METHOD_NAMES.filter((m) => methods[m].countsOnly);
    expect([...COUNT_METHODS].sort()).toEqual([...declared].sort());
    expect(DEFAULT_METHODS.counts.every((m) => COUNT_METHODS.includes(m))).toBe(true);
    expect(
      [...DEFAULT_METHODS.changes, ...DEFAULT_METHODS.amounts].some((m) => COUNT_METHODS.includes(m)),
    ).toBe(false);
  });
});
