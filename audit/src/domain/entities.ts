/**
 * Which entities an event names. Each named entity gets one small index entry in the audit
 * log, so its history (every event that touched it) reads in time order with one query.
 */
import { DetailType, type Vote } from '@evote/shared';
import type { AuditedEvent } from './auditedEvent';

export const EntityType = {
  Ballot: 'Ballot',
  Voter: 'Voter',
  Election: 'Election',
  Candidate: 'Candidate',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

export interface EntityRef {
  type: EntityType;
  id: string;
}

/**
 * The entities `event` names, each once, in a stable order: ballot, voter, then per vote its
 * election and candidate. An election's lifecycle events name the election only.
 */
export function entitiesNamedBy(event: AuditedEvent): EntityRef[] {
  switch (event['detail-type']) {
    case DetailType.BallotSubmitted:
    case DetailType.BallotVerified:
    case DetailType.BallotRejected: {
      const { ballotId, voterId, votes } = event.detail;
      return unique([ballot(ballotId), voter(voterId), ...votes.flatMap(votedFor)]);
    }
    case DetailType.VoteCast:
    case DetailType.VoteRejected: {
      const { ballotId, voter: who, vote } = event.detail;
      return unique([ballot(ballotId), voter(who.voterId), ...votedFor(vote)]);
    }
    case DetailType.ElectionOpened:
    case DetailType.ElectionClosed:
    case DetailType.ElectionCertified:
      return [{ type: EntityType.Election, id: event.detail.electionId }];
    default:
      return assertNever(event);
  }
}

const ballot = (id: string): EntityRef => ({ type: EntityType.Ballot, id });
const voter = (id: string): EntityRef => ({ type: EntityType.Voter, id });

function votedFor(vote: Vote): EntityRef[] {
  return [
    { type: EntityType.Election, id: vote.electionId },
    { type: EntityType.Candidate, id: vote.candidateId },
  ];
}

/** Two votes may name the same candidate id: one entry per entity is enough (and keyed once). */
function unique(refs: EntityRef[]): EntityRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.type}#${ref.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify((value as { 'detail-type'?: unknown })['detail-type'])}`);
}
