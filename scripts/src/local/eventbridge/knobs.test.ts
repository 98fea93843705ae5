import {
  deliveryDelay,
  injectedFailure,
  knobsFromEnv,
  parseDelays,
  parseFailFirst,
  parseShuffle,
  DEFAULT_KNOBS,
} from './knobs';

describe('knobs', () => {
  it('reads EVOTE_LOCAL_FAIL_FIRST', () => {
    expect(parseFailFirst('2')).toEqual([{ attempts: 2, fraction: 1 }]);
    expect(parseFailFirst('countVote=2@0.3, saveVote=all')).toEqual([
      { target: 'countVote', attempts: 2, fraction: 0.3 },
      { target: 'saveVote', attempts: Infinity, fraction: 1 },
    ]);
    expect(() => parseFailFirst('countVote=x')).toThrow(/cannot read/);
    expect(() => parseFailFirst('1@1.5')).toThrow(/fraction/);
  });

  it('reads EVOTE_LOCAL_SHUFFLE and EVOTE_LOCAL_DUPLICATES', () => {
    expect(parseShuffle(undefined)).toBe(0);
    expect(parseShuffle('1')).toBe(50);
    expect(parseShuffle('200')).toBe(200);
    expect(knobsFromEnv({ EVOTE_LOCAL_DUPLICATES: '3' }).duplicates).toBe(3);
    expect(() => knobsFromEnv({ EVOTE_LOCAL_DUPLICATES: '0' })).toThrow(/at least 1/);
  });

  it('fails the first N attempts of the named target only', () => {
    const knobs = { ...DEFAULT_KNOBS, failFirst: parseFailFirst('countVote=2') };
    expect(injectedFailure(knobs, ['countVote'], 'e1', 1)).toBe(true);
    expect(injectedFailure(knobs, ['countVote'], 'e1', 2)).toBe(true);
    expect(injectedFailure(knobs, ['countVote'], 'e1', 3)).toBe(false);
    expect(injectedFailure(knobs, ['saveVote'], 'e1', 1)).toBe(false);
  });

  it('affects about the given fraction of events, the same ones every time', () => {
    const knobs = { ...DEFAULT_KNOBS, failFirst: parseFailFirst('1@0.3') };
    const ids = Array.from({ length: 2000 }, (_, index) => `event-${index}`);
    const hit = ids.filter((id) => injectedFailure(knobs, ['x'], id, 1));
    expect(hit.length / ids.length).toBeGreaterThan(0.25);
    expect(hit.length / ids.length).toBeLessThan(0.35);
    expect(ids.filter((id) => injectedFailure(knobs, ['x'], id, 1))).toEqual(hit);
  });

  it('reads EVOTE_LOCAL_DELAY and holds back the named target only, by the longest delay that applies', () => {
    expect(parseDelays('ballotVerified=3000, 20')).toEqual([{ target: 'ballotVerified', ms: 3000 }, { ms: 20 }]);
    expect(() => parseDelays('ballotVerified=soon')).toThrow(/cannot read/);
    const knobs = knobsFromEnv({ EVOTE_LOCAL_DELAY: 'ballotVerified=3000,20' });
    expect(deliveryDelay(knobs, ['ballotVerified', 'evote-dev-elections-ballotVerified'])).toBe(3000);
    expect(deliveryDelay(knobs, ['countVote'])).toBe(20);
    expect(deliveryDelay(DEFAULT_KNOBS, ['countVote'])).toBe(0);
  });
});
