/** The shapes staging views produce, in column order, with DuckDB types: unions of sources are built on them. */
export const SHAPES = {
  observations: {
    source: 'VARCHAR',
    country: 'VARCHAR',
    geo_level: 'VARCHAR',
    geo_code: 'VARCHAR',
    period_start: 'DATE',
    period_end: 'DATE',
    period_type: 'VARCHAR',
    drug: 'VARCHAR',
    measure: 'VARCHAR',
    value: 'DOUBLE',
    status: 'VARCHAR',
    vintage: 'DATE',
    load_id: 'BIGINT',
    note: 'VARCHAR',
  },
  population: {
    source: 'VARCHAR',
    country: 'VARCHAR',
    geo_level: 'VARCHAR',
    geo_code: 'VARCHAR',
    year: 'INTEGER',
    population: 'DOUBLE',
    vintage: 'DATE',
    load_id: 'BIGINT',
    note: 'VARCHAR',
  },
} as const;

export type ShapeName = keyof typeof SHAPES;
