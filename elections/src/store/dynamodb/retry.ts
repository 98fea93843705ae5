import { backoffMs } from '@evote/shared';

/** How a store retries what DynamoDB asks to be retried (unprocessed keys, transaction conflicts and throttles). */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts?: number;
  /** The first delay; it doubles per attempt, with full jitter (default 25 ms). */
  readonly baseDelayMs?: number;
  /**
   * The first delay after a throttle (default 500 ms, the AWS SDK's own base for throttling
   * errors): a partition over its limit refills within the second, a conflict clears in ms.
   */
  readonly throttledBaseDelayMs?: number;
  /** Waits between attempts; injectable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Waits before attempt `attempt` (2, 3, ...), longer when the last one was throttled. */
  backoff(attempt: number, cause?: 'conflict' | 'throttled'): Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const throttledBaseDelayMs = options.throttledBaseDelayMs ?? 500;
  const sleep = options.sleep ?? wait;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
  return {
    maxAttempts,
    backoff: (attempt, cause = 'conflict') =>
      sleep(
        backoffMs({ baseMs: cause === 'throttled' ? throttledBaseDelayMs : baseDelayMs, jitter: 'full' }, attempt - 1),
      ),
  };
}
