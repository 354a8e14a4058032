import type { DuckDBConnection } from '@duckdb/node-api';
import { queryValue } from '../warehouse/connection.ts';

export class WhereError extends Error {
  override name = 'WhereError';
}

const PROBE_TABLE = '__centinela_export';
const CANARY = '__centinela_canary';

interface ParsedNode {
  type: string;
  modifiers?: unknown[];
  cte_map?: { map?: unknown[] };
  select_list?: { class?: string }[];
  from_table?: { type?: string; table_name?: string; schema_name?: string };
  where_clause?: ParsedExpression | null;
  group_expressions?: unknown[];
  group_sets?: unknown[];
  having?: unknown;
  qualify?: unknown;
  sample?: unknown;
}

interface ParsedExpression {
  class?: string;
  type?: string;
  children?: ParsedExpression[];
  column_names?: string[];
}

/**
 * Checks that `--where` text is one SQL boolean expression and nothing else: not a second statement (`; DROP …`),
 * not a clause smuggled past a closing parenthesis (`1) UNION (SELECT …`, `1) ORDER BY (1`, `1) WINDOW …`).
 *
 * DuckDB's own parser decides: the text is put in `SELECT * FROM t WHERE (\n<text>\n) AND canary`, which must parse
 * to exactly one SELECT with no clause but WHERE, whose condition is an AND ending with the canary column. Anything
 * that escaped the parentheses changes that shape. The export also runs on a read-only connection, so even a
 * statement that got through could not write; this check is for clear errors, not the only defence.
 * Column names and types are checked afterwards, when the query is prepared against the exported relation.
 */
export async function validateWhere(db: DuckDBConnection, where: string): Promise<void> {
  if (where.trim() === '')
    throw new WhereError('--where is empty: give an SQL condition, e.g. "drug = \'fentanyl\'"');
  if (hasStatementSeparator(where)) {
    throw new WhereError('--where must be one condition, not several statements (remove the ";")');
  }
  const plain = `SELECT * FROM ${PROBE_TABLE} WHERE (\n${where}\n)`;
  const plainCount = await db.extractStatements(plain).then(
    (x) => x.count,
    (error: Error) => {
      throw new WhereError(`--where is not a valid SQL condition: ${parserMessage(error.message)}`);
    },
  );
  if (plainCount !== 1) throw new WhereError('--where must be one condition, not several statements');
  const probe = `${plain} AND ${CANARY}`;
  const json = await queryValue<string>(db, 'SELECT json_serialize_sql($1::VARCHAR)', [probe]);
  const parsed = JSON.parse(json) as { error?: boolean; statements?: { node: ParsedNode }[] };
  const node = !parsed.error && parsed.statements?.length === 1 ? parsed.statements[0]?.node : undefined;
  const clean =
    node !== undefined &&
    node.type === 'SELECT_NODE' &&
    (node.modifiers ?? []).length === 0 &&
    (node.cte_map?.map ?? []).length === 0 &&
    (node.select_list ?? []).length === 1 &&
    node.select_list?.[0]?.class === 'STAR' &&
    node.from_table?.type === 'BASE_TABLE' &&
    node.from_table.table_name === PROBE_TABLE &&
    !node.from_table.schema_name &&
    (node.group_expressions ?? []).length === 0 &&
    (node.group_sets ?? []).length === 0 &&
    node.having == null &&
    node.qualify == null &&
    node.sample == null &&
    endsWithCanary(node.where_clause);
  if (!clean) {
    throw new WhereError(
      '--where must be a single condition on the exported columns (no UNION, ORDER BY, GROUP BY, LIMIT, WINDOW, … after it)',
    );
  }
}

/** A ";" outside string literals, quoted identifiers and comments. */
export function hasStatementSeparator(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return false; // unterminated: the parser reports it
      i = close + 1;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    if (ch === ';') return true;
    i++;
  }
  return false;
}

function parserMessage(message: string): string {
  const line = message.replace(/^Failed to extract statements: /, '').split('\n')[0] ?? message;
  return line.replace(/^Parser Error: /, '');
}

function endsWithCanary(e: ParsedExpression | null | undefined): boolean {
  if (e?.class !== 'CONJUNCTION' || e.type !== 'CONJUNCTION_AND') return false;
  const last = e.children?.[e.children.length - 1];
  return last?.class === 'COLUMN_REF' && last.column_names?.length === 1 && last.column_names[0] === CANARY;
}
