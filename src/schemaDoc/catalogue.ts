import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../warehouse/connection.ts';

/** The schemas researchers see, in data-flow order (meta.schemas gives the order when it exists). */
export const DOCUMENTED_SCHEMAS = ['raw', 'staging', 'analytics', 'meta'] as const;

export interface CatalogueColumn {
  name: string;
  type: string;
  notNull: boolean;
  comment: string | null;
}

export interface CatalogueRelation {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  comment: string | null;
  primaryKey: string[];
  columns: CatalogueColumn[];
}

export interface CatalogueMacro {
  schema: string;
  name: string;
  kind: 'table macro' | 'macro';
  parameters: string[];
  comment: string | null;
}

export interface CatalogueSchema {
  name: string;
  comment: string | null;
  relations: CatalogueRelation[];
  macros: CatalogueMacro[];
}

export interface Catalogue {
  /** meta.info schema_version, or the highest meta.schema_migrations version; null for an unversioned file. */
  schemaVersion: number | null;
  schemas: CatalogueSchema[];
}

/** Reads the documented schemas of an open warehouse from DuckDB's catalogue (duckdb_tables(), duckdb_columns(), …). */
export async function readCatalogue(db: DuckDBConnection): Promise<Catalogue> {
  const list = DOCUMENTED_SCHEMAS.map((s) => `'${s}'`).join(', ');
  const hasTable = async (schema: string, table: string) =>
    (
      await queryRows(
        db,
        `SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2
         UNION ALL
         SELECT 1 FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $1 AND view_name = $2`,
        [schema, table],
      )
    ).length > 0;

  const schemaComments = new Map<string, string>();
  if (await hasTable('meta', 'schemas')) {
    for (const r of await queryRows<{ schema_name: string; comment: string }>(
      db,
      'SELECT schema_name, comment FROM meta.schemas',
    ))
      schemaComments.set(r.schema_name, r.comment);
  }
  let schemaVersion: number | null = null;
  if (await hasTable('meta', 'schema_migrations')) {
    const rows = await queryRows<{ v: number | null }>(
      db,
      'SELECT max(version) AS v FROM meta.schema_migrations',
    );
    schemaVersion = rows[0]?.v ?? null;
  }

  const relations = await queryRows<{
    schema_name: string;
    name: string;
    kind: 'table' | 'view';
    comment: string;
  }>(
    db,
    `SELECT schema_name, table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
       WHERE database_name = current_database() AND schema_name IN (${list})
     UNION ALL
     SELECT schema_name, view_name, 'view', comment FROM duckdb_views()
       WHERE database_name = current_database() AND NOT internal AND schema_name IN (${list})`,
  );
  const columns = await queryRows<{
    schema_name: string;
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: boolean;
    comment: string | null;
  }>(
    db,
    `SELECT schema_name, table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name IN (${list})
     ORDER BY schema_name, table_name, column_index`,
  );
  const keys = await queryRows<{ schema_name: string; table_name: string; cols: string[] }>(
    db,
    `SELECT schema_name, table_name, constraint_column_names AS cols FROM duckdb_constraints()
     WHERE database_name = current_database() AND schema_name IN (${list}) AND constraint_type = 'PRIMARY KEY'`,
  );
  const macros = await queryRows<{
    schema_name: string;
    function_name: string;
    function_type: string;
    parameters: string[];
    comment: string | null;
  }>(
    db,
    `SELECT DISTINCT schema_name, function_name, function_type, parameters, comment FROM duckdb_functions()
     WHERE database_name = current_database() AND schema_name IN (${list})
       AND function_type IN ('table_macro', 'macro') AND NOT internal`,
  );

  const key = (schema: string, name: string) => `${schema}.${name}`;
  const columnsOf = new Map<string, CatalogueColumn[]>();
  for (const c of columns) {
    const k = key(c.schema_name, c.table_name);
    const list = columnsOf.get(k) ?? [];
    list.push({
      name: c.column_name,
      type: c.data_type,
      notNull: !c.is_nullable,
      comment: c.comment ?? null,
    });
    columnsOf.set(k, list);
  }
  const pk = new Map(keys.map((r) => [key(r.schema_name, r.table_name), [...r.cols]]));
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

  const order = (name: string) => {
    const i = (DOCUMENTED_SCHEMAS as readonly string[]).indexOf(name);
    return i < 0 ? 99 : i;
  };
  const schemas = [...new Set([...relations.map((r) => r.schema_name), ...macros.map((m) => m.schema_name)])]
    .sort((a, b) => order(a) - order(b))
    .map(
      (schema): CatalogueSchema => ({
        name: schema,
        comment: schemaComments.get(schema) ?? null,
        relations: relations
          .filter((r) => r.schema_name === schema)
          .map((r) => ({
            schema,
            name: r.name,
            kind: r.kind,
            comment: r.comment ?? null,
            primaryKey: pk.get(key(schema, r.name)) ?? [],
            columns: columnsOf.get(key(schema, r.name)) ?? [],
          }))
          .sort(byName),
        macros: macros
          .filter((m) => m.schema_name === schema)
          .map((m) => ({
            schema,
            name: m.function_name,
            kind: m.function_type === 'table_macro' ? ('table macro' as const) : ('macro' as const),
            parameters: [...m.parameters],
            comment: m.comment ?? null,
          }))
          .sort(byName),
      }),
    );
  return { schemaVersion, schemas };
}

/** Every schema, table, view, column and macro without a description: the doc and its test list them. */
export function undocumented(catalogue: Catalogue): string[] {
  const out: string[] = [];
  for (const s of catalogue.schemas) {
    if (!s.comment) out.push(`schema ${s.name}`);
    for (const r of s.relations) {
      if (!r.comment) out.push(`${r.kind} ${s.name}.${r.name}`);
      for (const c of r.columns) if (!c.comment) out.push(`column ${s.name}.${r.name}.${c.name}`);
    }
    for (const m of s.macros) if (!m.comment) out.push(`${m.kind} ${s.name}.${m.name}`);
  }
  return out;
}
