/**
 * The identity of an event in the audit log. EventBridge gives every PutEvents entry a new id,
 * and producers legitimately publish the same fact twice: the voters service re-emits Ballot
 * Verified when Ballot Submitted is redelivered, and the elections fan-out re-publishes its Vote
 * Cast events when Ballot Verified is redelivered. Such copies carry new event ids but the same
 * fact, so the audit log keys events by the fact, not by the EventBridge id:
 *
 * - ballot events (one per ballot request and type): `<detail-type>#<correlationId>`
 * - vote events (one per vote and type; voteId derives from ballotId and electionId): `<detail-type>#<voteId>`
 * - election lifecycle events (one per election and type; their correlationId is the electionId):
 *   `<detail-type>#<electionId>`
 *
 * Twenty concurrent submissions of one ballot are twenty requests (twenty correlation ids), so
 * their nineteen rejections stay nineteen facts.
 *
 * The id is computed from a `FactName` only. Every entry of the log stores its fact's name, so
 * an event being appended and an entry read back from a stream get their id from one function.
 */
import { DetailType } from '@evote/shared';
import type { AuditedEvent } from './auditedEvent';

/** What names a fact: its type, its request, and for a vote event its vote. */
export interface FactName {
  detailType: string;
  correlationId: string;
  /** Present on vote events only: it names the fact there. */
  voteId?: string;
}

/** The name of the fact `event` is a copy of: the vote for vote events, the request for ballot events. */
export function factNameOf(event: AuditedEvent): FactName {
  switch (event['detail-type']) {
    case DetailType.BallotSubmitted:
    case DetailType.BallotVerified:
    case DetailType.BallotRejected:
    case DetailType.ElectionOpened:
    case DetailType.ElectionClosed:
    case DetailType.ElectionCertified:
      return { detailType: event['detail-type'], correlationId: event.detail.correlationId };
    case DetailType.VoteCast:
    case DetailType.VoteRejected:
      return {
        detailType: event['detail-type'],
        correlationId: event.detail.correlationId,
        voteId: event.detail.voteId,
      };
    default:
      return assertNever(event);
  }
}

/** `<detail-type>#<voteId or correlationId>`: the one place the format is written. */
export function auditIdOf(fact: FactName): string {
  return `${fact.detailType}#${fact.voteId ?? fact.correlationId}`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify((value as { 'detail-type'?: unknown })['detail-type'])}`);
}
