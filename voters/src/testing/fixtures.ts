/** Typed fixtures for the voters unit tests. */
import { DetailType, Source } from '@evote/shared';
import type { BallotSubmitted, BusEvent, Voter } from '@evote/shared';
import type { IssuedBallot } from '../domain/model';

export const voter: Voter = { voterId: 'v00001', fullName: 'Ada Lovelace' };

export function submission(overrides: Partial<BallotSubmitted> = {}): BallotSubmitted {
  return {
    correlationId: 'corr-1',
    ballotId: 'b00001',
    voterId: voter.voterId,
    votes: [
      { electionId: 'e00001', candidateId: 'c00001' },
      { electionId: 'e00002', candidateId: 'c00002' },
    ],
    ...overrides,
  };
}

export function issuedBallot(overrides: Partial<IssuedBallot> = {}): IssuedBallot {
  return { voterId: voter.voterId, ballotId: 'b00001', ballotState: 'ISSUED', ...overrides };
}

export function submittedBallot(submittedBy: string): IssuedBallot {
  return issuedBallot({ ballotState: 'SUBMITTED', submittedBy, submittedAt: '2024-05-01T10:00:00.000Z' });
}

export function ballotSubmittedEvent(
  detail: BallotSubmitted = submission(),
  source: string = Source.Events,
): BusEvent<typeof DetailType.BallotSubmitted> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': DetailType.BallotSubmitted,
    source,
    account: '000000000000',
    time: '2024-05-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}
