/**
 * A writer that SIGKILLs itself the instant its run's transaction has committed: before anything else the run does
 * (recording its status, the checkpoint, the copy to the published file). Run as: tsx killAfterCommit.ts SITE_DIR
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { runPipelines } from '../../../src/pipeline/run.ts';
import { openSite, sitePipelines } from './site.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: killAfterCommit.ts SITE_DIR');
let checked = false;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function (this: DuckDBConnection, ...args: Parameters<typeof run>) {
  const result = await run.apply(this, args);
  if (checked && args[0] === 'COMMIT') process.kill(process.pid, 'SIGKILL');
  return result;
};
const config = openSite(dir).config();
const { selected, all } = sitePipelines(config);
await runPipelines({
  config,
  pipelines: selected,
  allPipelines: all,
  command: 'run',
  ingest: true,
  detect: true,
  // The data checks run inside the run's transaction: the next COMMIT is the run's.
  onProgress: (p) => {
    if (p.step === 'check') checked = true;
  },
});
throw new Error('the run finished without committing');
