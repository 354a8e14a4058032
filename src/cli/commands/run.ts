import { enabledPipelines, loadContext } from '../context.ts';
import { closest, defineCommand, UsageError } from '../define.ts';
import { runJob } from '../runJob.ts';

export const waitOption = {
  type: 'number',
  value: '<s>',
  help: 'if a job is writing the warehouse, wait up to this many seconds for it (default lock.waitSeconds;\n0: exit at once with code 3, naming the process that holds the lock)',
} as const;

export const liveOption = {
  type: 'boolean',
  help: 'fetch from the publishers (data.cdc.gov, ...) instead of the bundled releases',
} as const;

export const runCommand = defineCommand({
  name: 'run',
  summary: 'every enabled pipeline once: fetch → load → transform → detect → publish → report',
  description: `Runs every enabled pipeline once: fetches or reads each input, keeps its bytes as a snapshot, loads new bytes into
raw tables, rebuilds staging and analytics, runs the data checks, runs the detectors, publishes the warehouse
atomically, and writes the report. Bytes loaded before are skipped. By default the real public releases bundled
in pipelines/<source>/releases/ are loaded; a source with none is reported as not loaded.`,
  options: {
    live: liveOption,
    'no-report': { type: 'boolean', help: 'skip the report' },
    wait: waitOption,
    select: {
      type: 'string',
      value: '<source,…>',
      help: 'only these sources (comma-separated; the detectors and report still cover every source)',
    },
    exclude: { type: 'string', value: '<source,…>', help: 'every enabled source but these' },
    'full-refresh': {
      type: 'boolean',
      help: 'load every input again, even bytes loaded before (each becomes a new load; values unchanged)',
    },
    'dry-run': {
      type: 'boolean',
      help: 'print the plan (each source and input: load, fetch or skip, and why) and exit; nothing is\nfetched, loaded or written',
    },
    json: { type: 'boolean', help: 'the closing summary (or with --dry-run the plan) as JSON on stdout' },
  },
  footer: `Ctrl-C (SIGINT) or SIGTERM rolls the run back and exits; a second one exits at once. Either way the published
warehouse is left as it was.`,
  async run({ values, io, log }) {
    const { config, pipelines, data } = await loadContext(values, io);
    const names = pipelines.map((p) => p.name);
    const select = sourceList(values.select, names, '--select');
    const exclude = sourceList(values.exclude, names, '--exclude');
    const enabled = new Set(enabledPipelines(config, pipelines).map((p) => p.name));
    const why = (name: string) =>
      !enabled.has(name) && !select?.has(name)
        ? 'disabled in the configuration'
        : exclude?.has(name)
          ? 'excluded (--exclude)'
          : 'not selected (--select)';
    // --select names sources outright (a disabled one included); otherwise every enabled source, less --exclude.
    const chosen = pipelines.filter((p) =>
      select ? select.has(p.name) && !exclude?.has(p.name) : enabled.has(p.name) && !exclude?.has(p.name),
    );
    if (values['dry-run']) {
      const { planRun, formatPlan } = await import('../plan.ts');
      const plan = await planRun(config, pipelines, new Set(chosen.map((p) => p.name)), data, why, {
        fullRefresh: values['full-refresh'],
      });
      io.out(
        values.json
          ? `${JSON.stringify({ dry_run: true, data, sources: plan }, null, 2)}\n`
          : formatPlan(plan),
      );
      return 0;
    }
    if (chosen.length === 0) throw new UsageError('no source left to run after --select/--exclude');
    return runJob(io, log, config, pipelines, chosen, {
      command: 'run',
      data,
      report: !values['no-report'],
      wait: values.wait,
      fullRefresh: values['full-refresh'],
      json: values.json,
    });
  },
});

/** "a,b" → the set of names, each checked against the known sources (with a suggestion for a typo). */
function sourceList(text: string | undefined, known: string[], option: string): Set<string> | null {
  if (text === undefined) return null;
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    if (!known.includes(name)) {
      const guess = closest(name, known);
      throw new UsageError(
        `${option}: unknown source "${name}"${guess ? ` (did you mean ${guess}?)` : ''} (known: ${known.join(', ')})`,
      );
    }
  }
  if (names.length === 0) throw new UsageError(`${option} needs at least one source name`);
  return new Set(names);
}
