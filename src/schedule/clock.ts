import { sleep } from '../core/time.ts';

/**
 * The time the scheduler reads and waits on (its backoff between attempts, its record of when jobs started, finished
 * and are due). Injected so that tests advance it instead of waiting; node-cron's ticks stay on the real clock.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
