/** What a pipeline's load (the CSV loader or a load hook) is given and gives back. */

/** One column of the file, in file order. */
export interface FileColumn {
  /** The header as written (trimmed, without a byte-order mark): the name DuckDB reports rejected values under. */
  header: string;
  /** The raw column it fills, or null when it is read and dropped. */
  raw: string | null;
}

export interface CsvLoadTarget {
  /** The file DuckDB reads (the snapshot, or what the pipeline's prepare hook made of it). */
  path: string;
  /** What the user knows the input as: the URL or original path. Used in every message. */
  origin: string;
  loadId: number;
  vintage: string;
  /** Throws when the run has been stopped: called before each long statement (an interrupt reaches only a running one). */
  checkAbort?: () => void;
}

export interface RejectedLine {
  line: number | null;
  column: string | null;
  errorType: string;
  csvLine: string | null;
  message: string;
}

export interface CsvLoadResult {
  layout: string;
  rowsLoaded: number;
  rejects: RejectedLine[];
  /** The file's columns in file order and the raw column each filled (absent when a hook loaded the file). */
  columns?: FileColumn[];
  /** Columns of the file its layout does not name: read, not kept, and recorded in meta.loads.message. */
  unknownColumns?: string[];
}
