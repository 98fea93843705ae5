/**
 * Typed, valid example details of every event in the catalog, for tests across the workspaces.
 * Not exported from the package index, so it never reaches a Lambda bundle.
 */
import type { BallotRequest } from './ballotRequest';
import type { DetailOf } from './index';

export const correlationId = 'c0ffee-42';

export const ballotSubmitted: DetailOf['Ballot Submitted'] = {
  correlationId,
  ballotId: 'b1a2c3',
  voterId: 'a1b2c3',
  votes: [
    { electionId: 'e00001', candidateId: 'c00001' },
    { electionId: 'e00002', candidateId: 'c00007' },
  ],
};

export const voter = { voterId: 'a1b2c3', fullName: 'Ada Lovelace' };

export const ballotVerified: DetailOf['Ballot Verified'] = { ...ballotSubmitted, voter };

export const ballotRejected: DetailOf['Ballot Rejected'] = {
  ...ballotSubmitted,
  reason: 'BALLOT_ALREADY_SUBMITTED',
  message: 'ballot b1a2c3 was already submitted',
};

export const voteCast: DetailOf['Vote Cast'] = {
  correlationId,
  voteId: '0123456789abcdef0123456789abcdef',
  ballotId: 'b1a2c3',
  voter,
  vote: { electionId: 'e00001', candidateId: 'c00001' },
};

export const voteRejected: DetailOf['Vote Rejected'] = {
  ...voteCast,
  reason: 'CANDIDATE_NOT_FOUND',
  message: 'candidate c00001 does not stand in election e00001',
};

/** One valid detail per detail-type. */
export const validDetails: { readonly [D in keyof DetailOf]: DetailOf[D] } = {
  'Ballot Submitted': ballotSubmitted,
  'Ballot Verified': ballotVerified,
  'Ballot Rejected': ballotRejected,
  'Vote Cast': voteCast,
  'Vote Rejected': voteRejected,
};

/** A valid `POST /events` body. */
export const ballotRequest: BallotRequest = {
  type: 'Ballot Submitted',
  detail: { ballotId: ballotSubmitted.ballotId, voterId: ballotSubmitted.voterId, votes: ballotSubmitted.votes },
};
