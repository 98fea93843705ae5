import { DetailType } from '@evote/shared';
import { entityEntryKey, flowStage } from './keys';

describe('entity entry keys', () => {
  it('order one second of a ballot causally, whatever the event ids', () => {
    const time = '2026-01-01T00:00:00Z';
    const flow = [
      entityEntryKey('Ballot', 'b1', time, 'zzz', DetailType.BallotSubmitted),
      entityEntryKey('Ballot', 'b1', time, 'mmm', DetailType.BallotVerified),
      entityEntryKey('Ballot', 'b1', time, 'aaa', DetailType.VoteCast),
    ];
    expect([...flow].sort((a, b) => a.sk.localeCompare(b.sk))).toEqual(flow);
  });

  it('order by time first', () => {
    const later = entityEntryKey('Ballot', 'b1', '2026-01-01T00:00:01Z', 'a', DetailType.BallotSubmitted);
    const earlier = entityEntryKey('Ballot', 'b1', '2026-01-01T00:00:00Z', 'z', DetailType.VoteRejected);
    expect(earlier.sk < later.sk).toBe(true);
  });

  it('puts unknown types last within their second', () => {
    expect(flowStage('Something Else')).toBeGreaterThan(flowStage(DetailType.VoteCast));
    expect(flowStage(DetailType.BallotRejected)).toBe(flowStage(DetailType.BallotVerified));
  });
});
