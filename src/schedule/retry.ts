import type { RetrySettings } from '../core/settings.ts';

/**
 * Delay before the retry that follows failed attempt `attempt` (1-based): backoffMs doubled for each further
 * attempt, plus up to 10% jitter (so that jobs failing together do not retry together), capped at maxBackoffMs.
 */
export function backoffDelay(
  policy: RetrySettings,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = policy.backoffMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(policy.maxBackoffMs, base * (1 + 0.1 * random())));
}
