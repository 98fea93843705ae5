/** Typed fixtures for the elections unit tests. */
import { DetailType, Source } from '@evote/shared';
import type { BallotVerified, BusEvent, DetailOf, VoteCast } from '@evote/shared';

export function verifiedBallot(overrides: Partial<BallotVerified> = {}): BallotVerified {
  return {
    correlationId: 'corr-1',
    ballotId: 'b00001',
    voterId: 'v00001',
    votes: [
      { electionId: 'e00001', candidateId: 'c00001' },
      { electionId: 'e00002', candidateId: 'c00002' },
    ],
    voter: { voterId: 'v00001', fullName: 'Ada Lovelace' },
    ...overrides,
  };
}

/** sha256('b00001#e00001') cut to 32 hex characters, computed outside this code base. */
export const VOTE_ID_B1_E1 = '0fc3ff2ef39ceca44fbb8201d6fd06b1';

export function voteCast(overrides: Partial<VoteCast> = {}): VoteCast {
  return {
    correlationId: 'corr-1',
    voteId: VOTE_ID_B1_E1,
    ballotId: 'b00001',
    voter: { voterId: 'v00001', fullName: 'Ada Lovelace' },
    vote: { electionId: 'e00001', candidateId: 'c00001' },
    ...overrides,
  };
}

export function busEvent<D extends DetailType>(
  type: D,
  detail: DetailOf[D],
  source: string = Source.Elections,
): BusEvent<D> {
  return {
    version: '0',
    id: '7b1c2d7e-52a4-4a43-b3c6-1f1de2b1b0a1',
    'detail-type': type,
    source,
    account: '000000000000',
    time: '2024-05-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}
