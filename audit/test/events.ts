/** Typed fixtures: one valid bus event of each catalog type, for the audit tests. */
import { DetailType, Source, type BusEvent, type DetailOf } from '@evote/shared';
import type { AuditedEvent } from '../src/domain/auditedEvent';

export const ballot = {
  correlationId: 'corr-0001',
  ballotId: 'b00001',
  voterId: 'v00001',
  votes: [
    { electionId: 'e00001', candidateId: 'c00001' },
    { electionId: 'e00002', candidateId: 'c00002' },
  ],
};
export const voter = { voterId: 'v00001', fullName: 'Ada Lovelace' };
export const voteCast = {
  correlationId: 'corr-0001',
  voteId: '0123456789abcdef0123456789abcdef',
  ballotId: 'b00001',
  voter,
  vote: { electionId: 'e00001', candidateId: 'c00001' },
};

export const details: { [D in DetailType]: DetailOf[D] } = {
  [DetailType.BallotSubmitted]: ballot,
  [DetailType.BallotVerified]: { ...ballot, voter },
  [DetailType.BallotRejected]: { ...ballot, reason: 'BALLOT_NOT_ISSUED', message: 'ballot b00001 was not issued to this voter' },
  [DetailType.VoteCast]: voteCast,
  [DetailType.VoteRejected]: { ...voteCast, reason: 'CANDIDATE_NOT_FOUND', message: 'candidate c00001 does not stand in e00001' },
};

const sources = {
  [DetailType.BallotSubmitted]: Source.Events,
  [DetailType.BallotVerified]: Source.Voters,
  [DetailType.BallotRejected]: Source.Voters,
  [DetailType.VoteCast]: Source.Elections,
  [DetailType.VoteRejected]: Source.Elections,
};

export function busEvent<D extends DetailType>(type: D, overrides: Partial<BusEvent<D>> = {}): BusEvent<D> {
  return {
    version: '0',
    id: `11111111-2222-3333-4444-${String(Object.values(DetailType).indexOf(type)).padStart(12, '0')}`,
    'detail-type': type,
    source: sources[type],
    account: '123456789012',
    time: '2025-11-04T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: details[type],
    ...overrides,
  };
}

export const audited = (type: DetailType): AuditedEvent => busEvent(type) as AuditedEvent;
