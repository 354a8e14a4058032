/**
 * Arrow IPC files built with apache-arrow from DuckDB's column results (the DuckDB arrow extension cannot be installed
 * offline, and @duckdb/node-api has no Arrow export). Rows are streamed chunk by chunk and written as record batches,
 * so a large table never has to fit in memory twice.
 *
 * Types: BOOLEAN → Bool; TINYINT…BIGINT and unsigned → Int8…Int64 / Uint8…Uint64; FLOAT/DOUBLE → Float32/Float64;
 * DECIMAL → Float64; DATE → Date32 (days); TIMESTAMP → Timestamp(µs); TIMESTAMP WITH TIME ZONE → Timestamp(µs, UTC);
 * VARCHAR and JSON → Utf8; VARCHAR[] → List<Utf8>; anything else → Utf8 (DuckDB's text form). Each field carries the
 * DuckDB type and the column's comment as metadata (`duckdb_type`, `comment`).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { quotedIdentifier } from '@duckdb/node-api';
import {
  Bool,
  type Data,
  type DataType,
  DateDay,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  List,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  TimestampMicrosecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

export interface ExportColumn {
  name: string;
  /** DuckDB type as DESCRIBE gives it, e.g. VARCHAR, DOUBLE, DATE, VARCHAR[]. */
  type: string;
  comment: string | null;
}

type Kind = 'bool' | 'int' | 'bigint' | 'float' | 'date' | 'timestamp' | 'utf8' | 'utf8list';

interface ArrowColumn {
  /** SQL expression that gives the value in the form the builder expects. */
  select: string;
  type: DataType;
  kind: Kind;
}

const INTS: Record<string, () => DataType> = {
  TINYINT: () => new Int8(),
  SMALLINT: () => new Int16(),
  INTEGER: () => new Int32(),
  UTINYINT: () => new Uint8(),
  USMALLINT: () => new Uint16(),
  UINTEGER: () => new Uint32(),
};

function arrowColumn(c: ExportColumn): ArrowColumn {
  const col = quotedIdentifier(c.name);
  const t = c.type.toUpperCase();
  if (t === 'BOOLEAN') return { select: col, type: new Bool(), kind: 'bool' };
  const int = INTS[t];
  if (int) return { select: col, type: int(), kind: 'int' };
  if (t === 'BIGINT') return { select: col, type: new Int64(), kind: 'bigint' };
  if (t === 'UBIGINT') return { select: col, type: new Uint64(), kind: 'bigint' };
  if (t === 'FLOAT') return { select: col, type: new Float32(), kind: 'float' };
  if (t === 'DOUBLE' || t.startsWith('DECIMAL'))
    return { select: `CAST(${col} AS DOUBLE)`, type: new Float64(), kind: 'float' };
  if (t === 'DATE')
    return {
      select: `CAST(date_diff('day', DATE '1970-01-01', ${col}) AS INTEGER)`,
      type: new DateDay(),
      kind: 'date',
    };
  if (t === 'TIMESTAMP' || t === 'TIMESTAMP WITH TIME ZONE')
    return {
      select: `epoch_us(${col})`,
      type: new TimestampMicrosecond(t === 'TIMESTAMP' ? null : 'UTC'),
      kind: 'timestamp',
    };
  if (t === 'VARCHAR[]')
    return { select: col, type: new List(new Field('item', new Utf8(), true)), kind: 'utf8list' };
  if (t === 'VARCHAR' || t === 'JSON') return { select: col, type: new Utf8(), kind: 'utf8' };
  return { select: `CAST(${col} AS VARCHAR)`, type: new Utf8(), kind: 'utf8' };
}

function validity(values: readonly DuckDBValue[]): { nullCount: number; nullBitmap: Uint8Array | undefined } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { nullCount, nullBitmap: nullCount > 0 ? bitmap : undefined };
}

function columnData(col: ArrowColumn, values: DuckDBValue[]): Data {
  const length = values.length;
  const { nullCount, nullBitmap } = validity(values);
  const props = { length, nullCount, nullBitmap };
  switch (col.kind) {
    case 'bool': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
      });
      return makeData({ type: col.type as Bool, ...props, data: bits });
    }
    case 'int': {
      const ArrayType = (col.type as Int32).ArrayType as unknown as new (n: number) => Int32Array;
      const data = new ArrayType(length);
      values.forEach((v, i) => {
        data[i] = v === null ? 0 : Number(v);
      });
      return makeData({ type: col.type as Int32, ...props, data });
    }
    case 'bigint':
    case 'timestamp': {
      const unsigned = col.type instanceof Uint64;
      const data = unsigned ? new BigUint64Array(length) : new BigInt64Array(length);
      values.forEach((v, i) => {
        data[i] = v === null ? 0n : BigInt(v as bigint | number);
      });
      return makeData({ type: col.type as Int64, ...props, data: data as BigInt64Array });
    }
    case 'float': {
      const data = col.type instanceof Float32 ? new Float32Array(length) : new Float64Array(length);
      values.forEach((v, i) => {
        data[i] = v === null ? 0 : Number(v);
      });
      return makeData({ type: col.type as Float64, ...props, data: data as Float64Array });
    }
    case 'date': {
      const data = new Int32Array(length);
      values.forEach((v, i) => {
        data[i] = v === null ? 0 : Number(v);
      });
      return makeData({ type: col.type as DateDay, ...props, data });
    }
    case 'utf8':
      return vectorFromArray(
        values.map((v) => (v === null ? null : String(v))),
        new Utf8(),
      ).data[0] as Data;
    case 'utf8list':
      return vectorFromArray(
        values.map((v) =>
          v === null
            ? null
            : (v as { items: readonly DuckDBValue[] }).items.map((x) => (x === null ? null : String(x))),
        ),
        col.type as List<Utf8>,
      ).data[0] as Data;
  }
}

/**
 * Runs `SELECT <columns> FROM (<fromSql>)` and writes the rows to an Arrow IPC file (the random-access "file" format,
 * `.arrow`, which pyarrow.ipc.open_file, arrow::read_ipc_file in R and apache-arrow's tableFromIPC read).
 */
export async function writeArrowFile(
  db: DuckDBConnection,
  fromSql: string,
  columns: ExportColumn[],
  path: string,
  metadata: Record<string, string>,
  batchRows = 65_536,
): Promise<number> {
  const arrowColumns = columns.map(arrowColumn);
  const fields = columns.map((c, i) => {
    const meta = new Map([['duckdb_type', c.type]]);
    if (c.comment) meta.set('comment', c.comment);
    return new Field(c.name, (arrowColumns[i] as ArrowColumn).type, true, meta);
  });
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const select = arrowColumns.map(
    (a, i) => `${a.select} AS ${quotedIdentifier((columns[i] as ExportColumn).name)}`,
  );
  const result = await db.stream(`SELECT ${select.join(', ')} FROM (${fromSql})`);

  const writer = new RecordBatchFileWriter();
  const out = createWriteStream(path);
  const piped = writer.toNodeStream().pipe(out);
  const finished = once(piped, 'finish');
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => {});

  let pending: DuckDBValue[][] = columns.map(() => []);
  let pendingRows = 0;
  let total = 0;
  const flush = () => {
    const children = arrowColumns.map((a, i) => columnData(a, pending[i] as DuckDBValue[]));
    const data = makeData({ type: new Struct(fields), length: pendingRows, nullCount: 0, children });
    writer.write(new RecordBatch(schema, data));
    total += pendingRows;
    pending = columns.map(() => []);
    pendingRows = 0;
  };
  let wroteAny = false;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const cols = chunk.getColumns();
    cols.forEach((values, i) => {
      (pending[i] as DuckDBValue[]).push(...values);
    });
    pendingRows += chunk.rowCount;
    if (pendingRows >= batchRows) {
      flush();
      wroteAny = true;
    }
  }
  if (pendingRows > 0 || !wroteAny) flush(); // an empty table still gets its schema (one empty batch)
  writer.finish();
  await Promise.race([finished, failed]);
  return total;
}
