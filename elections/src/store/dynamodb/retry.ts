/** How a store retries what DynamoDB asks to be retried (unprocessed keys, transaction conflicts). */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts?: number;
  /** The first delay; it doubles per attempt, with full jitter (default 25 ms). */
  readonly baseDelayMs?: number;
  /** Waits between attempts; injectable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Waits before attempt `attempt` (2, 3, ...). */
  backoff(attempt: number): Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const sleep = options.sleep ?? wait;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
  return {
    maxAttempts,
    backoff: (attempt) => sleep(Math.random() * baseDelayMs * 2 ** (attempt - 2)),
  };
}
