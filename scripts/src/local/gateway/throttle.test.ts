import { TokenBucket, bucketFor, parseThrottleSetting } from './throttle';

describe('HTTP API throttle (token bucket)', () => {
  it('lets a burst through, then refuses until the bucket refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 5 }, () => now);
    const burst = Array.from({ length: 8 }, () => bucket.take());
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    now += 100; // one token at 10 per second
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 250; // two and a half tokens
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it('never holds more than the burst, however long it rests', () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 100, burstLimit: 3 }, () => now);
    now += 60_000;
    expect(Array.from({ length: 5 }, () => bucket.take())).toEqual([true, true, true, false, false]);
  });

  it('with rate and burst 0 refuses everything', () => {
    const bucket = new TokenBucket({ rateLimit: 0, burstLimit: 0 });
    expect(bucket.take()).toBe(false);
  });

  it('follows the model, an override for every API, or nothing', () => {
    const declared = { rateLimit: 1, burstLimit: 2 };
    expect(bucketFor(declared, 'model')?.limits).toEqual(declared);
    expect(bucketFor(undefined, 'model')).toBeUndefined();
    expect(bucketFor(declared, 'off')).toBeUndefined();
    expect(bucketFor(declared, { rateLimit: 1000, burstLimit: 5000 })?.limits).toEqual({
      rateLimit: 1000,
      burstLimit: 5000,
    });
  });
});

describe('EVOTE_LOCAL_THROTTLE', () => {
  it.each([
    [undefined, 'model'],
    ['', 'model'],
    ['off', 'off'],
    ['100/200', { rateLimit: 100, burstLimit: 200 }],
    ['0.5/1', { rateLimit: 0.5, burstLimit: 1 }],
  ])('reads %j', (text, setting) => {
    expect(parseThrottleSetting(text)).toEqual(setting);
  });

  it.each(['on', '100', '100/', '/200', '-1/5', '10/2.5', '1e3/5'])('refuses %j with the expected form', (text) => {
    expect(() => parseThrottleSetting(text)).toThrow(/"off" or "<rate>\/<burst>"/);
  });
});
