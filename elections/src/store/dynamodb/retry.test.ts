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

  it('waits longer after a throttle: below 500 ms * 2^(attempt-2) by default', async () => {
    const waits: number[] = [];
    const policy = retryPolicy({ sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 20; i++) await policy.backoff(3, 'throttled');
    expect(Math.max(...waits)).toBeLessThan(1000);
    expect(Math.max(...waits)).toBeGreaterThan(50); // 20 draws below 25 * 2 would be the conflict base
  });

  it('refuses a nonsensical number of attempts', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
