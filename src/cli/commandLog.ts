/**
 * What a command says while it works, under the options every command takes: `--quiet` (only errors and the
 * command's result), `--verbose` (also the details: statements, timings, every event of a run) and
 * `--log-format json` (each message as a JSON line, the same record as the jobs' log events: jsonLine).
 */
import { jsonLine, type Level, type LogEvent } from '../schedule/log.ts';
import { type GlobalValues, type Io, type Log, type LogSettings, UsageError } from './define.ts';

export function logSettings(values: Pick<GlobalValues, 'quiet' | 'verbose' | 'log-format'>): LogSettings {
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose exclude each other');
  return {
    quiet: values.quiet,
    verbose: values.verbose,
    format: values['log-format'] === 'json' ? 'json' : 'text',
  };
}

type Fields = Omit<LogEvent, 'event' | 'message' | 'level'>;

export class CommandLog implements Log {
  constructor(
    private readonly io: Io,
    readonly settings: LogSettings,
    /** Where JSON lines go: stdout, unless the command's stdout is its data (query, status, schema --out -). */
    private readonly jsonTo: 'out' | 'err' = 'out',
  ) {}

  get json(): boolean {
    return this.settings.format === 'json';
  }

  /** Where the JSON lines go, for an EventLog that writes them itself. */
  get jsonOut(): (text: string) => void {
    return this.jsonTo === 'out' ? this.io.out : this.io.err;
  }

  info(event: string, message: string, fields: Fields = {}): void {
    if (!this.settings.quiet) this.say('info', event, message, fields);
  }

  warn(event: string, message: string, fields: Fields = {}): void {
    if (!this.settings.quiet) this.say('warn', event, message, fields);
  }

  error(event: string, message: string, fields: Fields = {}): void {
    this.say('error', event, message, fields);
  }

  debug(event: string, message: string, fields: Fields = {}): void {
    if (this.settings.verbose) this.say('debug', event, message, fields);
  }

  /** The command's result (shown under --quiet too): the text on stdout, or one JSON line. */
  result(event: string, text: string, fields: Fields = {}): void {
    if (this.json)
      this.jsonOut(`${jsonLine(new Date(), 'info', { ...fields, event, message: text.trimEnd() })}\n`);
    else this.io.out(text);
  }

  private say(level: Level, event: string, message: string, fields: Fields): void {
    const text = message.trimEnd();
    if (this.json) this.jsonOut(`${jsonLine(new Date(), level, { ...fields, event, message: text })}\n`);
    else this.io.err(`${text}\n`);
  }
}
