import { ElectionStatus, isEmbargoed, resultsModeOf, statusOf } from './lifecycle';

const window = { opensAt: '2026-11-03T08:00:00.000Z', closesAt: '2026-11-03T20:00:00.000Z' };
const before = new Date('2026-11-03T07:00:00.000Z');
const during = new Date('2026-11-03T12:00:00.000Z');
const certification = {
  certifiedAt: '2026-11-04T09:00:00.000Z',
  tallies: [{ candidateId: 'c1', voteCount: 2 }],
  auditDigest: { algorithm: 'SHA-256' as const, value: 'a'.repeat(64), eventCount: 9 },
};

describe('statusOf', () => {
  it('is scheduled before opensAt, open from it (or from Election Opened), closed by Election Closed', () => {
    expect(statusOf(window, before)).toBe(ElectionStatus.Scheduled);
    expect(statusOf({ ...window, openedAt: window.opensAt }, before)).toBe(ElectionStatus.Open);
    expect(statusOf(window, during)).toBe(ElectionStatus.Open);
    expect(statusOf({ ...window, closedAt: window.closesAt }, during)).toBe(ElectionStatus.Closed);
  });

  it('stays open past closesAt until Election Closed is recorded: the close is the event', () => {
    expect(statusOf(window, new Date('2026-11-03T21:00:00.000Z'))).toBe(ElectionStatus.Open);
  });

  it('is certified once certified, whatever else is recorded', () => {
    expect(statusOf({ ...window, closedAt: window.closesAt, certification }, during)).toBe(ElectionStatus.Certified);
  });

  it('is always open for an election item without a window', () => {
    expect(statusOf({}, before)).toBe(ElectionStatus.Open);
  });
});

describe('the embargo', () => {
  it('hides the tallies of an after-close election until Election Closed, never those of a live one', () => {
    expect(isEmbargoed({ ...window, results: 'after-close' })).toBe(true);
    expect(isEmbargoed({ ...window, results: 'after-close', openedAt: window.opensAt })).toBe(true);
    expect(isEmbargoed({ ...window, results: 'after-close', closedAt: window.closesAt })).toBe(false);
    expect(isEmbargoed({ ...window, results: 'live' })).toBe(false);
  });

  it('treats an item without a mode as live', () => {
    expect(resultsModeOf({})).toBe('live');
    expect(isEmbargoed({})).toBe(false);
  });
});
