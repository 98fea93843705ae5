import { pollsAt, pollWindowOf } from './polls';

const window = { opensAt: '2026-11-03T08:00:00.000Z', closesAt: '2026-11-03T20:00:00.000Z' };

describe('pollsAt', () => {
  it('counts a ballot accepted at the opening instant and up to the last millisecond before closing', () => {
    expect(pollsAt(window, '2026-11-03T08:00:00.000Z')).toBe('open');
    expect(pollsAt(window, '2026-11-03T19:59:59.000Z')).toBe('open');
    expect(pollsAt(window, '2026-11-03T19:59:59.999Z')).toBe('open');
  });

  it('is closed from the closing instant on, and not open before the opening one', () => {
    expect(pollsAt(window, '2026-11-03T20:00:00.000Z')).toBe('closed');
    expect(pollsAt(window, '2026-11-03T20:00:02.000Z')).toBe('closed');
    expect(pollsAt(window, '2026-11-03T07:59:59.999Z')).toBe('notOpen');
  });

  it('compares instants, not strings', () => {
    expect(pollsAt({ closesAt: '2026-11-03T20:00:00Z' }, '2026-11-03T20:00:00.000Z')).toBe('closed');
    expect(pollsAt({ closesAt: '2026-11-03T21:00:00+01:00' }, '2026-11-03T19:59:59.999Z')).toBe('open');
  });

  it('is always open without a window, and unbounded on a side left out', () => {
    expect(pollsAt(undefined, '1970-01-01T00:00:00.000Z')).toBe('open');
    expect(pollsAt({}, '2999-01-01T00:00:00.000Z')).toBe('open');
    expect(pollsAt({ opensAt: window.opensAt }, '2999-01-01T00:00:00.000Z')).toBe('open');
    expect(pollsAt({ closesAt: window.closesAt }, '1970-01-01T00:00:00.000Z')).toBe('open');
  });

  it('throws on an instant it cannot read rather than guess', () => {
    expect(() => pollsAt({ closesAt: 'tomorrow' }, window.opensAt)).toThrow(/closesAt is not an instant/);
    expect(() => pollsAt(window, 'x')).toThrow(/acceptedAt/);
  });
});

describe('pollWindowOf', () => {
  it('reads the bounds an election item has, and only strings', () => {
    expect(pollWindowOf({ ...window, description: 'Mayor' })).toEqual(window);
    expect(pollWindowOf({ description: 'Mayor' })).toEqual({});
    expect(pollWindowOf({ opensAt: 5 })).toEqual({});
  });
});
