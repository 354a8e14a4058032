import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pipelines as builtInPipelines, findPipeline } from '../pipelines/index.ts';
import { formatRows, type OutputFormat } from './cli/formatRows.ts';
import { readStatus } from './cli/status.ts';
import { type Config, loadConfigSync } from './config.ts';
import { projectRoot } from './paths.ts';
import type { Pipeline } from './pipeline/definition.ts';
import { withExtraPipelines } from './pipeline/registry.ts';
import { RunError, type RunSummary, runPipelines } from './pipeline/run.ts';
import { readReportData } from './report/data.ts';
import { writeReport } from './report/writeReport.ts';
import { openWarehouse } from './warehouse/connection.ts';

const USAGE = `Usage: centinela <command> [options]

Centinela loads overdose and drug-seizure data into one DuckDB file, flags unusual rises in fentanyl and
methamphetamine series, and writes a bilingual (English/Spanish) report.

Commands:
  run                 every enabled pipeline once: fetch → load → transform → detect → publish → report
  ingest <pipeline>   load one pipeline's inputs (no detection, no report)
  detect              rerun the detectors on the warehouse and publish
  report              write the report from the published warehouse
  status              what the published warehouse holds, per source
  query "<sql>"       run read-only SQL on the published warehouse

Options for every command:
  --config <file>     configuration file (default: ./centinela.config.json if present)
  -h, --help          help for a command

Run "centinela <command> --help" for a command's own options.`;

const COMMAND_HELP: Record<string, string> = {
  run: `Usage: centinela run [--live] [--no-report] [--config <file>]

Runs every enabled pipeline once: fetches or reads each input, keeps its bytes as a snapshot, loads new bytes into
raw tables, rebuilds staging and analytics, runs the data checks, runs the detectors, publishes the warehouse
atomically, and writes the report. Bytes loaded before are skipped. Without --live the bundled demo fixtures are
loaded (synthetic numbers, marked as demo data everywhere).

  --live        fetch from the publishers (data.cdc.gov, ...) instead of the bundled fixtures
  --no-report   skip the report`,
  ingest: `Usage: centinela ingest <pipeline> [--live] [--config <file>]

Loads one pipeline's inputs, rebuilds analytics, runs the checks and publishes. Pipelines: ${builtInPipelines.map((p) => p.name).join(', ')}.

  --live        fetch from the publisher instead of the bundled fixtures`,
  detect: `Usage: centinela detect [--config <file>]

Reruns the detectors over the warehouse's monthly fentanyl and methamphetamine series, records the verdicts in
analytics.alerts under a new run id, and publishes.`,
  report: `Usage: centinela report [--out <dir>] [--config <file>]

Writes the bilingual report (index.html in English, es/index.html in Spanish, charts/*.vl.json and *.svg) from the
published warehouse.

  --out <dir>   where to write it (default: the configured reportDir, ./reports)`,
  status: `Usage: centinela status [--json] [--config <file>]

Shows, per source, the latest vintage, the last successful load, the observations held, and the last run.

  --json        machine-readable output`,
  query: `Usage: centinela query "<sql>" [--format table|csv|json] [--config <file>]

Runs SQL on the published warehouse, opened read-only (writes are refused), and prints the result.

  --format      table (default), csv or json`,
};

const OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  live: { type: 'boolean' },
  'no-report': { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  run: ['live', 'no-report'],
  ingest: ['live'],
  detect: [],
  report: ['out'],
  status: ['json'],
  query: ['format'],
};

class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`centinela: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { command, positionals, values } = parsed;
  if (values.version) {
    io.out(`${JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')).version}\n`);
    return 0;
  }
  if (!command) {
    (values.help ? io.out : io.err)(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.help) {
    io.out(`${COMMAND_HELP[command]}\n`);
    return 0;
  }
  try {
    const { config } = loadConfigSync({ file: values.config });
    const pipelines = await withExtraPipelines(builtInPipelines, config.pipelineDirs);
    switch (command) {
      case 'run':
        return await run(io, config, pipelines, enabledPipelines(config, pipelines), {
          command: 'run',
          live: !!values.live,
          report: !values['no-report'],
        });
      case 'ingest': {
        const name = positionals[0];
        if (!name || positionals.length > 1) throw new UsageError('ingest takes exactly one pipeline name');
        if (!pipelines.some((p) => p.name === name)) {
          throw new UsageError(
            `unknown pipeline: "${name}" (known: ${pipelines.map((p) => p.name).join(', ')})`,
          );
        }
        return await run(io, config, pipelines, [findPipeline(name, pipelines)], {
          command: 'ingest',
          live: !!values.live,
          report: false,
        });
      }
      case 'detect':
        return await run(io, config, pipelines, pipelines, { command: 'detect', live: false, report: false });
      case 'report':
        return await report(io, config, values.out ?? config.reportDir);
      case 'status':
        return await status(io, config, pipelines, !!values.json);
      case 'query': {
        const sql = positionals[0];
        if (!sql || positionals.length > 1)
          throw new UsageError('query takes exactly one SQL string (quote it)');
        const format = (values.format ?? 'table') as OutputFormat;
        if (!['table', 'csv', 'json'].includes(format)) {
          throw new UsageError(`invalid --format: "${format}" (expected table, csv or json)`);
        }
        return await query(io, config, sql, format);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`centinela: ${error.message}\n\n${COMMAND_HELP[command]}\n`);
      return 2;
    }
    io.err(`centinela ${command}: ${(error as Error).message}\n`);
    return 1;
  }
  return 2;
}

function parse(argv: string[]) {
  const command = argv[0]?.startsWith('-') ? undefined : argv[0];
  const rest = command === undefined ? argv : argv.slice(1);
  if (command !== undefined && !(command in COMMAND_HELP)) throw new Error(`unknown command: "${command}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (command) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || ['config', 'help', 'version'].includes(key)) continue;
      if (!ALLOWED[command]?.includes(key as keyof typeof OPTIONS)) {
        throw new Error(`option --${key} does not apply to "${command}"`);
      }
    }
    if (!['ingest', 'query'].includes(command) && positionals.length > 0) {
      throw new Error(`unexpected argument for "${command}": "${positionals[0]}"`);
    }
  }
  const flags = values as {
    config?: string;
    help?: boolean;
    version?: boolean;
    live?: boolean;
    'no-report'?: boolean;
    out?: string;
    json?: boolean;
    format?: string;
  };
  return { command: command as keyof typeof COMMAND_HELP | undefined, positionals, values: flags };
}

function enabledPipelines(config: Config, pipelines: Pipeline[]): Pipeline[] {
  return pipelines.filter((p) => config.pipelines[p.name]?.enabled ?? true);
}

async function run(
  io: Io,
  config: Config,
  pipelines: Pipeline[],
  selected: Pipeline[],
  opts: { command: 'run' | 'ingest' | 'detect'; live: boolean; report: boolean },
): Promise<number> {
  const log = (message: string) => io.err(`${message}\n`);
  let summary: RunSummary;
  try {
    summary = await runPipelines({
      config,
      pipelines: selected,
      allPipelines: pipelines,
      command: opts.command,
      live: opts.live,
      ingest: opts.command !== 'detect',
      detect: opts.command !== 'ingest',
      log,
    });
  } catch (error) {
    const runId = error instanceof RunError && error.runId > 0 ? ` (run ${error.runId})` : '';
    io.err(`centinela ${opts.command}: run failed${runId}: ${(error as Error).message}\n`);
    io.err('The published warehouse was left as it was.\n');
    return 1;
  }
  if (summary.status === 'no_new_data') log(`run ${summary.runId}: no new data; nothing to publish.`);
  if (summary.published) log(`published ${summary.published}`);
  if (opts.report) {
    const code = await report(io, config, config.reportDir);
    if (code !== 0) return code;
  }
  if (summary.demo)
    log(
      'Note: this warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.',
    );
  io.out(`Warehouse: ${config.warehouse}\n`);
  if (opts.report)
    io.out(`Report:    ${config.reportDir}/index.html (Español: ${config.reportDir}/es/index.html)\n`);
  return 0;
}

async function withPublished<T>(
  config: Config,
  fn: (db: Awaited<ReturnType<typeof openWarehouse>>) => Promise<T>,
) {
  if (!existsSync(config.warehouse)) {
    throw new Error(`no published warehouse at ${config.warehouse}; run "centinela run" first`);
  }
  const wh = await openWarehouse(config.warehouse, { readOnly: true });
  try {
    return await fn(wh);
  } finally {
    wh.closeSync();
  }
}

async function report(io: Io, config: Config, outDir: string): Promise<number> {
  const data = await withPublished(config, (wh) => readReportData(wh.connection));
  const { files } = await writeReport(data, outDir);
  io.err(`report: wrote ${files.length} files to ${outDir}${data.demo ? ' (DEMO DATA banner shown)' : ''}\n`);
  return 0;
}

async function status(io: Io, config: Config, pipelines: Pipeline[], json: boolean): Promise<number> {
  const result = await withPublished(config, (wh) =>
    readStatus(
      wh.connection,
      pipelines.map((p) => p.name),
    ),
  );
  if (json) {
    io.out(`${JSON.stringify({ warehouse: config.warehouse, ...result }, null, 2)}\n`);
  } else {
    io.out(`Warehouse: ${config.warehouse}\n\n`);
    io.out(formatRows(Object.keys(result.sources[0] ?? {}), result.sources as never, 'table'));
    if (result.lastRun) {
      const r = result.lastRun;
      io.out(`\nLast published run: ${r.run_id} (${r.command}) ${r.status} at ${r.finished_at ?? '?'}\n`);
    }
    io.out(`Alarms in the latest detection run: ${result.alerts.alarms}\n`);
  }
  return result.sources.some((s) => s.loads === 0) ? 1 : 0;
}

async function query(io: Io, config: Config, sql: string, format: OutputFormat): Promise<number> {
  return withPublished(config, async (wh) => {
    const reader = await wh.connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
    io.out(formatRows(columns, rows, format));
    return 0;
  });
}
