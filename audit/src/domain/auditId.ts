/**
 * The identity of an event in the audit log. EventBridge gives every PutEvents entry a new id,
 * and producers legitimately publish the same fact twice: the voters service re-emits Ballot
 * Verified when Ballot Submitted is redelivered, and the elections fan-out re-publishes its Vote
 * Cast events when Ballot Verified is redelivered. Such copies carry new event ids but the same
 * fact, so the audit log keys events by the fact, not by the EventBridge id:
 *
 * - ballot events (one per ballot request and type): `<detail-type>#<correlationId>`
 * - vote events (one per vote and type; voteId derives from ballotId and electionId): `<detail-type>#<voteId>`
 *
 * Twenty concurrent submissions of one ballot are twenty requests (twenty correlation ids), so
 * their nineteen rejections stay nineteen facts.
 */
import { DetailType } from '@evote/shared';
import type { AuditedEvent } from './auditedEvent';

export function auditIdOf(event: AuditedEvent): string {
  return auditIdFrom(event['detail-type'], naturalIdOf(event));
}

/** `<detail-type>#<natural id>`: the one place the format is written. */
export function auditIdFrom(detailType: string, naturalId: string): string {
  return `${detailType}#${naturalId}`;
}

/** What identifies the fact within its type: the request for ballot events, the vote for vote events. */
function naturalIdOf(event: AuditedEvent): string {
  switch (event['detail-type']) {
    case DetailType.BallotSubmitted:
    case DetailType.BallotVerified:
    case DetailType.BallotRejected:
      return event.detail.correlationId;
    case DetailType.VoteCast:
    case DetailType.VoteRejected:
      return event.detail.voteId;
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify((value as { 'detail-type'?: unknown })['detail-type'])}`);
}
