import { DetailType } from '@evote/shared';
import { busEvent } from '@evote/shared/testing';
import { audited } from '../../test/events';
import type { AuditedEvent } from './auditedEvent';
import { auditIdOf, factNameOf } from './auditId';

describe('auditIdOf', () => {
  it("names an entry's fact as it names the event's (an entry carries the fact's name)", () => {
    const entry = {
      detailType: DetailType.VoteCast,
      correlationId: 'corr-1',
      voteId: '0fc3ff2ef39ceca44fbb8201d6fd06b1',
    };
    expect(auditIdOf(entry)).toBe(auditIdOf(factNameOf(audited(DetailType.VoteCast))));
    expect(auditIdOf({ detailType: DetailType.BallotVerified, correlationId: 'corr-1' })).toBe(
      auditIdOf(factNameOf(audited(DetailType.BallotVerified))),
    );
  });

  it.each([DetailType.BallotSubmitted, DetailType.BallotVerified, DetailType.BallotRejected])(
    'keys %s by its correlation id',
    (type) => {
      expect(auditIdOf(factNameOf(audited(type)))).toBe(`${type}#corr-1`);
    },
  );

  it.each([DetailType.VoteCast, DetailType.VoteRejected])('keys %s by its vote id', (type) => {
    expect(auditIdOf(factNameOf(audited(type)))).toBe(`${type}#0fc3ff2ef39ceca44fbb8201d6fd06b1`);
  });

  it('gives two copies of one fact (new EventBridge id and time) the same id', () => {
    const copy = busEvent(DetailType.VoteCast, { id: 'another-id', time: '2025-11-04T10:05:00Z' }) as AuditedEvent;
    expect(auditIdOf(factNameOf(copy))).toBe(auditIdOf(factNameOf(audited(DetailType.VoteCast))));
  });

  it('keeps the rejections of concurrent submissions apart (one correlation id each)', () => {
    const first = busEvent(DetailType.BallotRejected);
    const second = { ...first, detail: { ...first.detail, correlationId: 'corr-0002' } } as AuditedEvent;
    expect(auditIdOf(factNameOf(second))).not.toBe(auditIdOf(factNameOf(first as AuditedEvent)));
  });
});
