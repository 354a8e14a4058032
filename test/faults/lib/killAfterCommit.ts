/**
 * A writer that SIGKILLs itself the instant its run's transaction has committed, before the checkpoint and the copy
 * to the published file (the old run.ts also recorded the run's status only after that moment). Run as: tsx killAfterCommit.ts SITE_DIR
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { openSite, runSite } from './site.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: killAfterCommit.ts SITE_DIR');
let checked = false;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function (this: DuckDBConnection, ...args: Parameters<typeof run>) {
  const result = await run.apply(this, args);
  if (checked && args[0] === 'COMMIT') process.kill(process.pid, 'SIGKILL');
  return result;
};
// The data checks run inside the run's transaction: the next COMMIT is the run's.
await runSite(openSite(dir), {
  onProgress: (p) => {
    if (p.step === 'check') checked = true;
  },
});
throw new Error('the run finished without committing');
