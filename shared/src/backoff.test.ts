import { backoffMs } from './backoff';

const lowest = () => 0;
const highest = () => 0.999999;

describe('backoffMs', () => {
  it('doubles the base per retry', () => {
    expect([1, 2, 3, 4].map((retry) => backoffMs({ baseMs: 25, jitter: 'none' }, retry))).toEqual([25, 50, 100, 200]);
  });

  it('stops growing at the cap', () => {
    expect([5, 6, 20].map((retry) => backoffMs({ baseMs: 500, jitter: 'none', capMs: 20_000 }, retry))).toEqual([
      8_000, 16_000, 20_000,
    ]);
  });

  it('full jitter draws anywhere below the delay', () => {
    expect(backoffMs({ baseMs: 100, jitter: 'full' }, 3, lowest)).toBe(0);
    expect(backoffMs({ baseMs: 100, jitter: 'full' }, 3, highest)).toBeCloseTo(400, 3);
    expect(backoffMs({ baseMs: 100, jitter: 'full' }, 3, () => 0.25)).toBe(100);
  });

  it('equal jitter keeps half the delay and draws the other half', () => {
    expect(backoffMs({ baseMs: 100, jitter: 'equal' }, 3, lowest)).toBe(200);
    expect(backoffMs({ baseMs: 100, jitter: 'equal' }, 3, highest)).toBeCloseTo(400, 3);
    expect(backoffMs({ baseMs: 500, jitter: 'equal', capMs: 1_000 }, 4, () => 0.5)).toBe(750);
  });
});
