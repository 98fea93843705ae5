import { DetailType } from '@evote/shared';
import { audited, busEvent } from '../../test/events';
import type { AuditedEvent } from './auditedEvent';
import { auditIdOf, factNameOf } from './auditId';

describe('auditIdOf', () => {
  it("names an entry's fact as it names the event's (an entry carries the fact's name)", () => {
    const entry = { detailType: DetailType.VoteCast, correlationId: 'corr-0001', voteId: '0123456789abcdef0123456789abcdef' };
    expect(auditIdOf(entry)).toBe(auditIdOf(factNameOf(audited(DetailType.VoteCast))));
    expect(auditIdOf({ detailType: DetailType.BallotVerified, correlationId: 'corr-0001' })).toBe(auditIdOf(factNameOf(audited(DetailType.BallotVerified))));
  });

  it.each([DetailType.BallotSubmitted, DetailType.BallotVerified, DetailType.BallotRejected])('keys %s by its correlation id', (type) => {
    expect(auditIdOf(factNameOf(audited(type)))).toBe(`${type}#corr-0001`);
  });

  it.each([DetailType.VoteCast, DetailType.VoteRejected])('keys %s by its vote id', (type) => {
    expect(auditIdOf(factNameOf(audited(type)))).toBe(`${type}#0123456789abcdef0123456789abcdef`);
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
