import { readFileSync } from 'node:fs';
import { CommandLog, logSettings } from './cli/commandLog.ts';
import { detectCommand } from './cli/commands/detect.ts';
import { exportCommand } from './cli/commands/export.ts';
import { ingestCommand } from './cli/commands/ingest.ts';
import { notebookCommand } from './cli/commands/notebook.ts';
import { queryCommand } from './cli/commands/query.ts';
import { reportCommand } from './cli/commands/report.ts';
import { runCommand } from './cli/commands/run.ts';
import { scheduleCommand } from './cli/commands/schedule.ts';
import { schemaCommand } from './cli/commands/schema.ts';
import { statusCommand } from './cli/commands/status.ts';
import {
  type Command,
  closest,
  commandHelp,
  type Io,
  type Options,
  parseCommandArgs,
  topHelp,
  UsageError,
} from './cli/define.ts';
import { projectRoot } from './core/paths.ts';
import { printable } from './core/printable.ts';

export { exitQuietlyOnBrokenPipe } from './cli/brokenPipe.ts';
export type { Io } from './cli/define.ts';
export { followNpmParent, startedThroughNpm } from './cli/npmParent.ts';

/**
 * Every command, in the order of the help. Each file under src/cli/commands defines one and imports what it runs only
 * when it runs: --help, --version and usage errors load none of it (importing the pipelines, DuckDB and zod takes
 * seconds; the help under half of one).
 */
export const COMMANDS = [
  runCommand,
  ingestCommand,
  detectCommand,
  reportCommand,
  statusCommand,
  scheduleCommand,
  queryCommand,
  exportCommand,
  schemaCommand,
  notebookCommand,
] as unknown as Command<Options>[];

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  ownProcess: true,
  tty: process.stdout.isTTY === true,
};

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error, 3 locked, 130/143 stopped). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const first = argv[0];
  const name = first === undefined || first.startsWith('-') ? undefined : first;
  const command = name === undefined ? null : (COMMANDS.find((c) => c.name === name) ?? null);
  if (name !== undefined && !command) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    io.err(
      `centinela: unknown command: "${name}"${guess ? `\n\nDid you mean "centinela ${guess}"?` : `\n\n${topHelp(COMMANDS)}`}\n`,
    );
    return 2;
  }
  let parsed: ReturnType<typeof parseCommandArgs>;
  try {
    parsed = parseCommandArgs(command, command ? argv.slice(1) : argv);
  } catch (error) {
    io.err(
      `centinela${command ? ` ${command.name}` : ''}: ${(error as Error).message}\n\n${command ? await commandHelp(command) : topHelp(COMMANDS)}\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(`${JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')).version}\n`);
    return 0;
  }
  if (!command) {
    (values.help ? io.out : io.err)(`${topHelp(COMMANDS)}\n`);
    return values.help ? 0 : 2;
  }
  if (values.help) {
    io.out(`${await commandHelp(command)}\n`);
    return 0;
  }
  const usage = async (error: UsageError) => {
    io.err(`centinela ${command.name}: ${error.message}\n\n${await commandHelp(command)}\n`);
    return 2;
  };
  let log: CommandLog;
  try {
    log = new CommandLog(io, logSettings(values), command.jsonLogTo === 'stderr' ? 'err' : 'out');
  } catch (error) {
    return usage(error as UsageError);
  }
  try {
    return await command.run({ values, positionals, io, log });
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    log.error('command.failed', `centinela ${command.name}: ${printable((error as Error).message)}`);
    return 1;
  }
}
