/**
 * A binational tile-grid map: one equal square per state, US states above and Mexican states below, each roughly
 * where it lies, so that small and large states read alike and the border states of both countries line up.
 * Columns run west to east, rows north to south.
 */

export interface Tile {
  col: number;
  row: number;
  /** Short label drawn in the tile. */
  abbr: string;
}

const US: Record<string, [number, number]> = {
  AK: [0, 0],
  ME: [11, 0],
  YC: [9, 1],
  VT: [10, 1],
  NH: [11, 1],
  WA: [1, 2],
  ID: [2, 2],
  MT: [3, 2],
  ND: [4, 2],
  MN: [5, 2],
  IL: [6, 2],
  WI: [7, 2],
  MI: [8, 2],
  NY: [9, 2],
  RI: [10, 2],
  MA: [11, 2],
  OR: [1, 3],
  NV: [2, 3],
  WY: [3, 3],
  SD: [4, 3],
  IA: [5, 3],
  IN: [6, 3],
  OH: [7, 3],
  PA: [8, 3],
  NJ: [9, 3],
  CT: [10, 3],
  CA: [1, 4],
  UT: [2, 4],
  CO: [3, 4],
  NE: [4, 4],
  MO: [5, 4],
  KY: [6, 4],
  WV: [7, 4],
  VA: [8, 4],
  MD: [9, 4],
  DE: [10, 4],
  AZ: [2, 5],
  NM: [3, 5],
  KS: [4, 5],
  AR: [5, 5],
  TN: [6, 5],
  NC: [7, 5],
  SC: [8, 5],
  DC: [9, 5],
  OK: [4, 6],
  LA: [5, 6],
  MS: [6, 6],
  AL: [7, 6],
  GA: [8, 6],
  HI: [0, 7],
  TX: [4, 7],
  FL: [9, 7],
  PR: [11, 7],
};

/** Mexico by INEGI cve_ent, with the usual state abbreviations. */
const MX: Record<string, [number, number, string]> = {
  '02': [1, 8, 'BC'],
  '26': [2, 8, 'SON'],
  '08': [3, 8, 'CHIH'],
  '05': [4, 8, 'COAH'],
  '19': [5, 8, 'NL'],
  '28': [6, 8, 'TAMS'],
  '03': [1, 9, 'BCS'],
  '25': [2, 9, 'SIN'],
  '10': [3, 9, 'DGO'],
  '32': [4, 9, 'ZAC'],
  '24': [5, 9, 'SLP'],
  '30': [6, 9, 'VER'],
  '18': [2, 10, 'NAY'],
  '01': [3, 10, 'AGS'],
  '11': [4, 10, 'GTO'],
  '22': [5, 10, 'QRO'],
  '13': [6, 10, 'HGO'],
  '27': [8, 10, 'TAB'],
  '04': [9, 10, 'CAMP'],
  '31': [10, 10, 'YUC'],
  '14': [2, 11, 'JAL'],
  '16': [3, 11, 'MICH'],
  '15': [4, 11, 'MEX'],
  '09': [5, 11, 'CDMX'],
  '29': [6, 11, 'TLAX'],
  '07': [8, 11, 'CHIS'],
  '23': [10, 11, 'QROO'],
  '06': [2, 12, 'COL'],
  '12': [3, 12, 'GRO'],
  '17': [4, 12, 'MOR'],
  '21': [5, 12, 'PUE'],
  '20': [6, 12, 'OAX'],
};

export const GRID_COLUMNS = 12;
export const GRID_ROWS = 13;

/** The tile of a state (US USPS code or Mexican cve_ent), or undefined for places the grid does not hold. */
export function tileOf(geo: string): Tile | undefined {
  const us = US[geo];
  if (us) return { col: us[0], row: us[1], abbr: geo === 'YC' ? 'NYC' : geo };
  const mx = MX[geo];
  if (mx) return { col: mx[0], row: mx[1], abbr: mx[2] };
  return undefined;
}

export function allTiles(): { geo: string; tile: Tile }[] {
  return [...Object.keys(US), ...Object.keys(MX)].map((geo) => ({ geo, tile: tileOf(geo) as Tile }));
}
