/**
 * A command is one definition (name, description, typed options with defaults and help, run function); its usage,
 * its help and the parsing of its arguments all come from that definition, so they cannot disagree.
 *
 * Written on the standard library rather than a CLI framework: node:util's parseArgs was already in use, the
 * frameworks tried (citty) print help in their own layout and do not suggest options, and the definitions must be
 * importable without loading anything heavy (the help and --version stay well under half a second).
 */

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where a relative --config or --out and the default centinela.config.json are found (default: process.cwd()). */
  cwd?: string;
  /** Whether stdout is a terminal (colour, widths); false unless the real process says so. */
  tty?: boolean;
  /** Where CENTINELA_* configuration overrides are read (default: process.env). */
  env?: Record<string, string | undefined>;
  /** True when this is the real process (not a test calling main() with its own io): signals are ours to handle. */
  ownProcess?: boolean;
  /** Standard input, for `query` with no SQL argument (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

interface BaseOption {
  help: string;
  short?: string;
}
export interface StringOption extends BaseOption {
  type: 'string';
  /** The placeholder shown in help, e.g. "<file>". */
  value: string;
  default?: string;
  choices?: readonly string[];
}
export interface NumberOption extends BaseOption {
  type: 'number';
  value: string;
  default?: number;
  /** Smallest accepted value (default 0). */
  min?: number;
  integer?: boolean;
}
export interface BooleanOption extends BaseOption {
  type: 'boolean';
}
export type OptionDef = StringOption | NumberOption | BooleanOption;
export type Options = Record<string, OptionDef>;

export type Values<O extends Options> = {
  [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends NumberOption
      ? O[K] extends { default: number }
        ? number
        : number | undefined
      : O[K] extends { default: string }
        ? string
        : string | undefined;
};

export interface Positionals {
  /** Shown in the usage line, e.g. "<pipeline>". */
  usage: string;
  min: number;
  max: number;
  /** The message when there are too few or too many. */
  error: string;
}

export interface LogSettings {
  quiet: boolean;
  verbose: boolean;
  format: 'text' | 'json';
}

type LogFields = Record<string, unknown> & { job?: string; runId?: number };

/** What a command says while it works, as --quiet, --verbose and --log-format decide (src/cli/commandLog.ts). */
export interface Log {
  readonly settings: LogSettings;
  readonly json: boolean;
  /** Where JSON lines go (for an event log writing them itself). */
  readonly jsonOut: (text: string) => void;
  info(event: string, message: string, fields?: LogFields): void;
  warn(event: string, message: string, fields?: LogFields): void;
  error(event: string, message: string, fields?: LogFields): void;
  debug(event: string, message: string, fields?: LogFields): void;
  /** The command's result (shown under --quiet too): the text on stdout, or one JSON line. */
  result(event: string, text: string, fields?: LogFields): void;
}

export interface RunContext<O extends Options> {
  values: Values<O> & GlobalValues;
  positionals: string[];
  io: Io;
  log: Log;
}

export interface Command<O extends Options = Options> {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** Paragraphs shown under the usage line. */
  description: string;
  options: O;
  positionals?: Positionals;
  /** Shown after the options (exit codes, signals). */
  footer?: string;
  /**
   * Where --log-format json lines go: stdout (default), or stderr for a command whose stdout is its data (query's
   * rows, status's table).
   */
  jsonLogTo?: 'stdout' | 'stderr';
  /** Help text that needs a module loaded (e.g. the list of pipelines), added to the description. */
  moreHelp?: () => Promise<string>;
  run: (ctx: RunContext<O>) => Promise<number>;
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  config: {
    type: 'string',
    value: '<file>',
    help: 'configuration file (default: ./centinela.config.json if present)',
  },
  demo: {
    type: 'boolean',
    help: 'the synthetic demo warehouse (data/demo/, reports/demo/) instead of the real one',
  },
  quiet: { type: 'boolean', short: 'q', help: 'only errors and the result (summary, file written, rows)' },
  verbose: {
    type: 'boolean',
    short: 'v',
    help: 'the details too: every event of a run or the scheduler (run ids, rows, timings), each query\nstatement and export step',
  },
  'log-format': {
    type: 'string',
    value: 'text|json',
    choices: ['text', 'json'],
    default: 'text',
    help: 'json: each message as a JSON line (time, level, event, job, run_id, message, …) on stdout\n(on stderr for query and status, whose stdout is their data)',
  },
  help: { type: 'boolean', short: 'h', help: 'help for a command' },
  version: { type: 'boolean', short: 'V', help: 'print the version and exit' },
} as const satisfies Options;

export interface GlobalValues {
  config: string | undefined;
  demo: boolean;
  quiet: boolean;
  verbose: boolean;
  'log-format': string;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

/** Parses a command's arguments against its definition and the global options. */
export function parseCommandArgs<O extends Options>(
  command: Command<O> | null,
  args: string[],
): { values: Values<O> & GlobalValues; positionals: string[] } {
  const defs: Options = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  const byShort = new Map(
    Object.entries(defs).flatMap(([name, d]) => (d.short ? [[d.short, name] as const] : [])),
  );
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const where = command ? ` for "${command.name}"` : '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (arg.startsWith('-') && arg.length === 2 && arg !== '-') {
      const long = byShort.get(arg.slice(1));
      if (!long) throw new UsageError(`unknown option ${arg}${where}`);
      name = long;
    } else {
      positionals.push(arg);
      continue;
    }
    const def = defs[name];
    if (!def) {
      const guess = closest(name, Object.keys(defs));
      throw new UsageError(`unknown option --${name}${where}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    if (def.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
      values[name] = true;
      continue;
    }
    let text = inline;
    if (text === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`option --${name} needs a value: ${def.value}`);
      }
      text = next;
      i++;
    }
    values[name] = convert(name, def, text);
  }
  for (const [name, def] of Object.entries(defs)) {
    if (values[name] !== undefined) continue;
    values[name] = def.type === 'boolean' ? false : def.default;
  }
  const p = command?.positionals;
  if (command && !values.help) {
    const [min, max] = p ? [p.min, p.max] : [0, 0];
    if (positionals.length > max && max === 0) {
      throw new UsageError(`unexpected argument for "${command.name}": "${positionals[0]}"`);
    }
    if (positionals.length < min || positionals.length > max) throw new UsageError(p?.error ?? '');
  }
  return { values: values as Values<O> & GlobalValues, positionals };
}

function convert(name: string, def: StringOption | NumberOption, text: string): string | number {
  if (def.type === 'string') {
    if (def.choices && !def.choices.includes(text)) {
      throw new UsageError(`invalid --${name}: "${text}" (expected ${listOr(def.choices)})`);
    }
    return text;
  }
  const n = Number(text);
  const min = def.min ?? 0;
  if (text.trim() === '' || !Number.isFinite(n) || n < min || (def.integer && !Number.isInteger(n))) {
    throw new UsageError(
      `invalid --${name}: "${text}" (expected ${def.integer ? 'a whole number' : 'a number'}, ${min} or more)`,
    );
  }
  return n;
}

export function listOr(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The candidate nearest to a mistyped name, if it is close enough to be what was meant. */
export function closest(typed: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = c.startsWith(typed) && typed.length >= 2 ? 1 : distance(typed, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

function optionLine(name: string, def: OptionDef): [string, string] {
  const flag = `${def.short ? `-${def.short}, ` : ''}--${name}${def.type === 'boolean' ? '' : ` ${def.value}`}`;
  const dflt =
    def.type !== 'boolean' && def.default !== undefined && !def.help.includes('default')
      ? ` (default: ${def.default})`
      : '';
  return [flag, `${def.help}${dflt}`];
}

function table(rows: [string, string][], indent = '  '): string {
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return rows
    .map(([a, b]) => `${indent}${a.padEnd(width)}${b.replaceAll('\n', `\n${indent}${' '.repeat(width)}`)}`)
    .join('\n');
}

/** `centinela <command> --help`, from the definition. */
export async function commandHelp(command: Command<Options>): Promise<string> {
  const args = command.positionals ? ` ${command.positionals.usage}` : '';
  const more = command.moreHelp ? `\n\n${await command.moreHelp()}` : '';
  const own = Object.entries(command.options).map(([n, d]) => optionLine(n, d));
  const global = Object.entries(GLOBAL_OPTIONS).map(([n, d]) => optionLine(n, d));
  return [
    `Usage: centinela ${command.name}${args} [options]`,
    '',
    `${command.description}${more}`,
    ...(own.length > 0 ? ['', 'Options:', table(own)] : []),
    '',
    'Options for every command:',
    table(global),
    ...(command.footer ? ['', command.footer] : []),
  ].join('\n');
}

/** `centinela --help`, from every definition. */
export function topHelp(commands: Command<Options>[]): string {
  return [
    'Usage: centinela <command> [options]',
    '',
    'Centinela loads overdose and drug-seizure data into one DuckDB file, flags unusual rises in fentanyl and',
    'methamphetamine series, and writes a bilingual (English/Spanish) report.',
    '',
    'Commands:',
    table(commands.map((c) => [`${c.name}${c.positionals ? ` ${c.positionals.usage}` : ''}`, c.summary])),
    '',
    'Options for every command:',
    table(Object.entries(GLOBAL_OPTIONS).map(([n, d]) => optionLine(n, d))),
    '',
    'Run "centinela <command> --help" for a command\'s own options. Every configuration key can also be set',
    'from the environment: CENTINELA_<KEY> (see README, "Environment").',
    '',
    'Exit codes: 0 success, 1 failure (for status: a source or job in error), 2 usage error,',
    '3 the warehouse (or the scheduler) is locked by another process, 130/143 stopped by SIGINT/SIGTERM',
    '(0 for a scheduler stopped cleanly).',
  ].join('\n');
}
