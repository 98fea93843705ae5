/**
 * Exponential back-off, the one formula every retry loop of ours uses: the delay before retry
 * `retry` (1 for the first) is `baseMs` doubled per retry, capped at `capMs`, then jittered so
 * that many callers retrying at once spread out instead of colliding again. The jitters are the
 * ones AWS's Architecture Blog names ("Exponential Backoff And Jitter"):
 * - `full`: anywhere in [0, delay), the widest spread (conflicts, throttles inside one request);
 * - `equal`: half fixed, half random, in [delay/2, delay): never retries at once;
 * - `none`: the delay itself (one caller alone, nothing to spread).
 */
export type Jitter = 'full' | 'equal' | 'none';

export interface Backoff {
  readonly baseMs: number;
  readonly jitter: Jitter;
  /** The largest delay before jitter (default: none). */
  readonly capMs?: number;
}

/** The delay in ms before retry `retry` (1, 2, ...); `random` in [0, 1) is injectable for tests. */
export function backoffMs(backoff: Backoff, retry: number, random: () => number = Math.random): number {
  const delay = Math.min(backoff.capMs ?? Infinity, backoff.baseMs * 2 ** (retry - 1));
  switch (backoff.jitter) {
    case 'full':
      return random() * delay;
    case 'equal':
      return delay / 2 + (random() * delay) / 2;
    case 'none':
      return delay;
  }
}
