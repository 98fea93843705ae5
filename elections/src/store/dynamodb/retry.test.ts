import { retryPolicy } from './retry';

describe('retryPolicy', () => {
  it('defaults to 5 attempts', () => {
    expect(retryPolicy().maxAttempts).toBe(5);
  });

  it('waits a jittered, doubling delay below base * 2^(attempt-2)', async () => {
    const waits: number[] = [];
    const policy = retryPolicy({ baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    await policy.backoff(2);
    await policy.backoff(4);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThan(100);
    expect(waits[1]).toBeLessThan(400);
  });

  it('refuses a nonsensical number of attempts', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
