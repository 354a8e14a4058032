/**
 * `centinela query … | head`: once the reader of stdout has gone, further output has nowhere to go. Node raises EPIPE
 * as an unhandled error with a stack trace (exit 1); a command-line tool ends quietly instead, as it would on SIGPIPE,
 * releasing any lock it holds (a writer's transaction is not committed, so the next run recovers as after a kill).
 */
import { releaseAllHeldLocksSync } from '../warehouse/lock.ts';

export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    releaseAllHeldLocksSync();
    process.exit(0);
  });
}
