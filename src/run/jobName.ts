/** The name of the job a run belongs to, as the ledger (meta.runs.job), the lock, the schedule state and the logs write it. */
export function ingestJobName(pipeline: string): string {
  return `ingest:${pipeline}`;
}

/** `ingest:<pipeline>` for an ingest of one pipeline; otherwise the command (run, ingest, detect). */
export function jobName(
  command: 'run' | 'ingest' | 'detect',
  pipelines: readonly { name: string }[],
): string {
  const only = pipelines.length === 1 ? pipelines[0] : undefined;
  return command === 'ingest' && only ? ingestJobName(only.name) : command;
}
