import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { normaliseHeaderName } from './headerName.ts';
import type { CsvLoadResult, CsvLoadTarget } from './load.ts';
import { RELEASE_SCOPES } from './releaseScope.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/**
 * Overrides the pipeline's `releaseScope` for one input that is only part of a release: an excerpt, a file filtered
 * by state, a Socrata `where` that keeps some rows ('none' or 'periods').
 */
const releaseScope = z.enum(RELEASE_SCOPES).optional();

const regexSource = (what: string) =>
  z
    .string()
    .min(1)
    .refine(
      (source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      },
      { error: `expected ${what} as a JavaScript regular expression` },
    );

/** One DKAN datastore condition: `property operator value`, all conditions ANDed. */
const dkanConditionSchema = z
  .object({
    property: z.string().regex(/^[a-z0-9_]+$/, 'expected a DKAN column name such as year'),
    value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
    operator: z
      .enum(['=', '<>', '<', '<=', '>', '>=', 'like', 'contains', 'starts with', 'in', 'not in'])
      .default('='),
  })
  .strict();
export type DkanCondition = z.infer<typeof dkanConditionSchema>;

/**
 * Where a pipeline's bytes come from: a local file, one URL, a paged Socrata API, a publisher's page that links to
 * the current file (page_link), or a paged DKAN datastore API (dkan).
 */
export const inputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: z.string().min(1),
      vintage: isoDate.optional(),
      demo: z.boolean().default(false),
      releaseScope,
    })
    .strict(),
  z
    .object({
      kind: z.literal('url'),
      /** The file; with `discover`, the pinned release used when no newer one is found. */
      url: z.url(),
      vintage: isoDate.optional(),
      releaseScope,
      /** What the URL serves: `csv`, or a `zip` the pipeline unpacks. Default: zip when the path ends in .zip. */
      format: z.enum(['csv', 'zip']).optional(),
      /**
       * Look for the newest release instead of pinning `url` (docs/adding-a-source.md, "Newest releases"): the
       * years from `from` on, found on the `listing` page (links matching `pattern`, which captures `year`) or, with
       * no listing, every year up to now; `template` gives a year's file. Newest first; `url` when none is there.
       */
      discover: z
        .object({
          template: z.url().regex(/\{year\}/, 'expected a URL with {year} in it'),
          from: z.number().int().min(1900).max(2200),
          listing: z.url().optional(),
          pattern: regexSource('a release pattern')
            .regex(/\(\?<year>/, 'expected a named group (?<year>…)')
            .optional(),
        })
        .strict()
        .refine((d) => (d.listing === undefined) === (d.pattern === undefined), {
          error: 'give listing and pattern together (or neither, to try every year from `from` on)',
        })
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('socrata'),
      baseUrl: z.url(),
      datasetId: z.string().regex(/^[a-z0-9]{4}-[a-z0-9]{4}$/, 'expected a Socrata id such as xkb8-kh2a'),
      pageSize: z.number().int().positive().default(50_000),
      where: z.string().optional(),
      releaseScope,
      /**
       * Incremental pull: once the published warehouse holds a load of this dataset, re-fetch only the rows whose
       * floating-timestamp field `dateField` falls in the latest `lagMonths` months (counting the current one).
       * The first pull is always complete. See docs/adding-a-source.md, "Incremental pulls".
       */
      window: z
        .object({
          dateField: z
            .string()
            .regex(/^[a-z_][a-z0-9_]*$/, 'expected a Socrata field name such as monthendingdate'),
          lagMonths: z.number().int().min(1),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('page_link'),
      /** The publisher's HTML page that links to the current file. */
      pageUrl: z.url(),
      /** Regular expression matched against each link's absolute URL; the first match in page order is fetched. */
      linkPattern: regexSource('a link pattern'),
      vintage: isoDate.optional(),
      /**
       * Regular expression with named groups `year`, `month` (01–12 or an English name: Feb, February) and
       * optionally `day`, matched against the chosen link: its date is the vintage (CBP files sit under
       * /sites/default/files/YYYY-MM/ or …/assets/documents/YYYY-Mon/). Without it: the fetch date.
       */
      vintagePattern: regexSource('a vintage pattern').optional(),
      releaseScope,
      /**
       * With `vintagePattern`, for publishers that name a file after the last month it covers and release it
       * later: the vintage is `day` of the month `months` after the link's month (SESNSP: { months: 1, day: 20 }).
       */
      vintageLag: z
        .object({ months: z.number().int().min(0).max(24), day: z.number().int().min(1).max(28) })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('dkan'),
      baseUrl: z.url(),
      /** The dataset identifier (a UUID) used by /api/1/datastore/query/{datasetId}/{index}. Or give `catalog`. */
      datasetId: z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          'expected a DKAN dataset UUID',
        )
        .optional(),
      /**
       * Instead of `datasetId`: a publisher with one dataset per year. The catalogue
       * (/api/1/metastore/schemas/dataset/items) is searched for titles matching `title` (a pattern with a `year`
       * group); every year from `fromYear` (default: the oldest listed) to `toYear` (default: the newest) is fetched
       * with the same query, and the rows written as one CSV whose vintage is the newest `modified` among them.
       */
      catalog: z
        .object({
          title: regexSource('a title pattern with a (?<year>…) group').refine(
            (p) => p.includes('(?<year>'),
            {
              error: 'expected a (?<year>…) group in the title pattern',
            },
          ),
          fromYear: z.number().int().min(1990).optional(),
          toYear: z.number().int().min(1990).optional(),
        })
        .strict()
        .optional(),
      index: z.number().int().min(0).default(0),
      pageSize: z.number().int().positive().default(1000),
      conditions: z.array(dkanConditionSchema).default([]),
      /**
       * Several queries in one input (DKAN conditions can only be ANDed here): each set is ANDed with `conditions`
       * and the rows of all are concatenated. The sets must not overlap (e.g. product names starting with NALOX,
       * with NARCAN), or rows come twice and the load is refused as duplicate keys.
       */
      anyOf: z.array(z.array(dkanConditionSchema).min(1)).min(1).optional(),
      /** Columns written to the CSV, in this order (other keys of each record are dropped); default: all, as sent. */
      columns: z.array(z.string().min(1)).min(1).optional(),
      /** Server-side sort for stable paging, e.g. [{ property: 'record_number', order: 'asc' }]. */
      sorts: z
        .array(
          z.object({ property: z.string().min(1), order: z.enum(['asc', 'desc']).default('asc') }).strict(),
        )
        .default([]),
      /** Incremental pull: only the latest `lagQuarters` quarters (counting the current one) are re-fetched. */
      window: z
        .object({
          yearProperty: z.string().min(1).default('year'),
          quarterProperty: z.string().min(1).default('quarter'),
          lagQuarters: z.number().int().min(1),
        })
        .strict()
        .optional(),
      vintage: isoDate.optional(),
      releaseScope,
    })
    .strict(),
]);
export type PipelineInput = z.infer<typeof inputSchema>;

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case');
const bilingual = z.object({ en: z.string().min(1), es: z.string().min(1) }).strict();

const rawColumnSchema = z
  .object({
    name: identifier,
    type: z.string().min(1),
    comment: z.string().min(1),
  })
  .strict();

/** A DuckDB date format (`%m/%d/%Y`), or several: each file is read with the first that parses its first date. */
const dateFormatSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * One file layout the publisher has used: the SET of header names it has, each mapped to a raw column (or read and
 * dropped). A file's header is matched BY NAME, in any order, ignoring case, surrounding spaces and a byte-order
 * mark (src/warehouse/csvLayout.ts).
 */
const layoutSchema = z
  .object({
    name: identifier,
    description: z.string().min(1),
    /**
     * [header name, raw column or null to read and drop], in any order. Raw columns not listed are NULL. Several
     * headers may name one raw column (spellings of one field, e.g. AÑO and ANIO): a file has one of them.
     */
    fields: z.array(z.tuple([z.string().min(1), identifier.nullable()])).min(1),
    /** Headers of `fields` a file may lack (their raw columns are then NULL); every other one is required. */
    optional: z.array(z.string().min(1)).default([]),
    /**
     * Columns of a file that `fields` does not name: `report` (default) loads the file and records their names in
     * meta.loads.message and the log; `ignore` drops them silently, for wide files of which a few columns are read.
     */
    otherColumns: z.enum(['report', 'ignore']).default('report'),
    /** Date format of this layout's DATE columns, instead of csv.dateFormat (the API writes timestamps). */
    dateFormat: dateFormatSchema.optional(),
  })
  .strict();

/** A SELECT expression over the checked table, aliased `r` (e.g. `r.load_id`, `r.geo_code AS fips`). */
const selectExpression = z.string().min(1);

/**
 * The generic data checks of a source, declared rather than written: each is made from one template
 * (src/warehouse/declaredChecks.ts) into a query returning the offending rows, named `<source>_<check>` like the
 * source's own checks/*.sql. `origin: true` puts the file each row came from (meta.loads.origin) first.
 */
const declaredChecksSchema = z
  .object({
    /** `keys_unique`: rows of raw.<name> or staging.<name> that share every one of `columns` (count n > 1). */
    keysUnique: z
      .object({
        from: z.enum(['raw', 'staging']),
        columns: z.array(selectExpression).min(1),
        origin: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * `unmapped_rows`: raw rows that staging would drop or misplace: a `drug` label with no alias of this source in
     * analytics.drug_aliases, a `place` code not in analytics.geography, or any of the `also` conditions.
     * `grouped` counts identical offending rows (n) instead of listing each.
     */
    unmappedRows: z
      .object({
        columns: z.array(selectExpression).min(1),
        origin: z.boolean().default(false),
        drug: z.string().min(1).optional(),
        place: z
          .object({
            country: z.enum(['US', 'MX']),
            level: z.string().min(1).optional(),
            code: z.string().min(1),
          })
          .strict()
          .optional(),
        also: z.array(z.string().min(1)).default([]),
        grouped: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /**
     * `period_range`: loads of raw.<name> holding a period that ends after the release (its vintage, and its `asOf`
     * column when given, which must then be one date per load) or before `from`.
     */
    periodRange: z
      .object({
        end: z.string().min(1),
        from: isoDate,
        asOf: z.string().min(1).optional(),
        /** What the period end is called in the offending row: first_<name>, last_<name>. */
        name: identifier.default('period_end'),
      })
      .strict()
      .optional(),
    /**
     * `suppression`: raw rows whose `value` the publisher never shows: within `hidden` (e.g. 1–9, suppressed and left
     * empty, never 0), not a whole number, negative, or a number beside a `footnote` that says suppressed.
     */
    suppression: z
      .object({
        value: z.string().min(1),
        hidden: z.tuple([z.number().int(), z.number().int()]),
        columns: z.array(selectExpression).min(1),
        footnote: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DeclaredChecks = z.infer<typeof declaredChecksSchema>;

export const pipelineSchema = z
  .object({
    name: identifier,
    /**
     * The source's folder (pipelines/<name>/): its staging.sql, checks/*.sql, seeds/ and README.md. A definition
     * passes `import.meta.dirname`; the registry sets it to the folder it found the definition in.
     */
    dir: z.string().min(1).optional(),
    title: bilingual,
    /**
     * How the report names the source (a short `name`; default: the title) and describes it (`description`; default:
     * a sentence made from its data), in English and Spanish. Written to meta.sources by every run.
     */
    labels: z.object({ name: bilingual, description: bilingual.optional() }).strict().optional(),
    /** The publisher counts in US federal fiscal years (October–September): the report explains the conversion. */
    fiscalYears: z.boolean().default(false),
    publisher: z.string().min(1),
    releases: z.enum(['weekly', 'monthly', 'quarterly', 'yearly', 'five-yearly']),
    schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1) }),
    /**
     * Complete public releases bundled in the repository (pipelines/<name>/releases/, each with its provenance),
     * loaded by default (`centinela run`, `npm start`). None: the source is not loaded unless run --live or configured.
     */
    bundledInputs: z.array(inputSchema).default([]),
    /** Synthetic fixtures in the publisher's format, loaded by `run --demo` into a demo warehouse (none: not there). */
    demoInputs: z.array(inputSchema).default([]),
    /** The publisher's real endpoints, used with --live. */
    liveInputs: z.array(inputSchema).min(1),
    /**
     * How far one of the publisher's releases reaches, i.e. which keys a newer release withdraws by not publishing them
     * (src/core/releaseScope.ts; docs/releases.md): 'all' (default) the release is the whole dataset; 'periods'
     * it covers only the periods it contains (each period_type from its first to its last period_end); 'none' it never
     * withdraws anything. An incremental pull narrows 'all' to 'periods'; an input may override it.
     */
    releaseScope: z.enum(RELEASE_SCOPES).default('all'),
    /** More rejected lines than this fail the load (its rows are rolled back; the rejects are kept). */
    maxRejectedRows: z.number().int().min(0).default(0),
    /** What the staging view yields: observations (the common shape) or population denominators. */
    produces: z.enum(['observations', 'population']).default('observations'),
    raw: z
      .object({
        comment: z.string().min(1),
        columns: z.array(rawColumnSchema).min(1),
      })
      .strict(),
    csv: z
      .object({
        layouts: z.array(layoutSchema).min(1),
        delimiter: z.string().length(1).default(','),
        /** Thousands separator in numeric columns ("2,237"). */
        thousands: z.string().length(1).optional(),
        encoding: z.enum(['utf-8', 'latin-1']).default('utf-8'),
        /** Date format of DATE columns, for every layout that does not set its own. */
        dateFormat: dateFormatSchema.optional(),
      })
      .strict(),
    /** Generic data checks, declared (the source's own checks are its folder's checks/*.sql). */
    checks: declaredChecksSchema.default({}),
    /** SQL SELECT from raw.<name> yielding the shape named by `produces`; or a file in the source's folder (`dir`). */
    staging: z.union([
      z.object({ sql: z.string().min(1) }).strict(),
      z.object({ file: z.string().min(1) }).strict(),
    ]),
  })
  .strict();

export type PipelineMeta = z.infer<typeof pipelineSchema>;
export type RawColumn = z.infer<typeof rawColumnSchema>;
export type Layout = z.infer<typeof layoutSchema>;

/** Hooks for what a definition's data cannot say: a file to unpack before reading, a non-CSV format. */
export interface PrepareContext {
  source: string;
  origin: string;
  /** What a compressed member may inflate to (config `http.maxInflatedBytes`). */
  maxInflatedBytes?: number;
}

export interface PipelineHooks {
  /** Turns the stored snapshot into the path DuckDB reads (e.g. a member extracted from a zip). */
  prepare?: (snapshotPath: string, context: PrepareContext) => Promise<string>;
  /** Replaces the CSV loader (e.g. a template validated row by row). Runs inside the run's transaction. */
  load?: (connection: DuckDBConnection, pipeline: Pipeline, target: CsvLoadTarget) => Promise<CsvLoadResult>;
}

export interface Pipeline extends PipelineMeta {
  hooks: PipelineHooks;
}

export function definePipeline(meta: z.input<typeof pipelineSchema>, hooks: PipelineHooks = {}): Pipeline {
  const parsed = pipelineSchema.safeParse(meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid pipeline ${meta.name ?? '?'}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const pipeline = parsed.data;
  for (const layout of pipeline.csv.layouts) {
    const problem = layoutProblem(layout, new Set(pipeline.raw.columns.map((c) => c.name)));
    if (problem) throw new Error(`invalid pipeline ${pipeline.name}: layout ${layout.name} ${problem}`);
  }
  return { ...pipeline, hooks };
}

/** What is wrong with a layout, or null: an unknown raw column, a header named twice, an unknown optional. */
function layoutProblem(layout: Layout, rawNames: Set<string>): string | null {
  const headers = new Set<string>();
  for (const [header, raw] of layout.fields) {
    if (raw !== null && !rawNames.has(raw)) return `maps "${header}" to unknown raw column "${raw}"`;
    const name = normaliseHeaderName(header);
    if (headers.has(name)) return `names the header "${header}" twice`;
    headers.add(name);
  }
  const unknown = layout.optional.find((h) => !headers.has(normaliseHeaderName(h)));
  return unknown === undefined ? null : `lists optional header "${unknown}", which is not in its fields`;
}
