/**
 * A writer that SIGKILLs itself the instant a transaction of its run has committed, before the checkpoint and the
 * copy to the published file. Run as: tsx killAfterCommit.ts SITE_DIR [run|source]
 *
 * - run (default): the run's last transaction (the checks of the whole warehouse, the detectors and the run's
 *   status); the old run.ts recorded the status only after that moment.
 * - source: the transaction of cdc_vsrr_state alone (load, rebuild, its checks), before the run's last one.
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { openSite, runSite } from './site.ts';

const dir = process.argv[2];
const which = process.argv[3] ?? 'run';
if (!dir || (which !== 'run' && which !== 'source'))
  throw new Error('usage: killAfterCommit.ts SITE_DIR [run|source]');
let armed = false;
const run = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function (this: DuckDBConnection, ...args: Parameters<typeof run>) {
  const result = await run.apply(this, args);
  if (armed && args[0] === 'COMMIT') process.kill(process.pid, 'SIGKILL');
  return result;
};
// The detectors run in the run's last transaction; a source's checks in its own: the next COMMIT is that one.
await runSite(openSite(dir), {
  onProgress: (p) => {
    if (which === 'run' && p.step === 'detect') armed = true;
    if (which === 'source' && p.step === 'check' && p.detail.startsWith('cdc_vsrr_state: ')) armed = true;
  },
});
throw new Error('the run finished without committing');
