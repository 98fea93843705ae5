/**
 * Typed, valid example details of every event in the catalog: the one set of example facts the
 * tests of every workspace share (one ballot of one voter, two votes). Not exported from the
 * package index, so it never reaches a Lambda bundle; tests reach it through
 * `@evote/shared/testing`.
 */
import { BallotRejectionReason, DetailType, VoteRejectionReason } from '../names';
import type { BallotRequest } from './ballotRequest';
import type { BallotRejected, BallotSubmitted, BallotVerified, DetailOf, VoteCast, VoteRejected } from './index';
import type { ElectionCertified, ElectionClosed, ElectionOpened } from './index';

export const correlationId = 'corr-1';

export const ballotSubmitted: BallotSubmitted = {
  correlationId,
  ballotId: 'b00001',
  voterId: 'v00001',
  votes: [
    { electionId: 'e00001', candidateId: 'c00001' },
    { electionId: 'e00002', candidateId: 'c00002' },
  ],
  acceptedAt: '2026-11-03T14:00:00.000Z',
};

export const voter = { voterId: 'v00001', fullName: 'Ada Lovelace' };

export const ballotVerified: BallotVerified = { ...ballotSubmitted, voter };

export const ballotRejected: BallotRejected = {
  ...ballotSubmitted,
  reason: BallotRejectionReason.BallotAlreadySubmitted,
  message: 'ballot b00001 was already submitted',
};

/**
 * The vote id of ballot b00001's vote in election e00001: sha256('b00001#e00001') cut to 32 hex
 * characters, computed outside this code base, so a test can check the derivation against it.
 */
export const VOTE_ID_B1_E1 = '0fc3ff2ef39ceca44fbb8201d6fd06b1';

export const voteCast: VoteCast = {
  correlationId,
  voteId: VOTE_ID_B1_E1,
  ballotId: 'b00001',
  voter,
  vote: { electionId: 'e00001', candidateId: 'c00001' },
};

export const voteRejected: VoteRejected = {
  ...voteCast,
  reason: VoteRejectionReason.CandidateNotFound,
  message: 'candidate c00001 does not stand in election e00001',
};

export const electionOpened: ElectionOpened = {
  correlationId: 'e00001',
  electionId: 'e00001',
  scheduledAt: '2026-11-03T08:00:00.000Z',
};

export const electionClosed: ElectionClosed = { ...electionOpened, scheduledAt: '2026-11-03T20:00:00.000Z' };

export const electionCertified: ElectionCertified = {
  correlationId: 'e00001',
  electionId: 'e00001',
  certifiedAt: '2026-11-04T10:00:00.000Z',
  tallies: [{ candidateId: 'c00001', voteCount: 1 }],
  auditDigest: {
    algorithm: 'SHA-256',
    value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    eventCount: 0,
  },
};

/** One valid detail per detail-type. */
export const validDetails: { readonly [D in keyof DetailOf]: DetailOf[D] } = {
  [DetailType.BallotSubmitted]: ballotSubmitted,
  [DetailType.BallotVerified]: ballotVerified,
  [DetailType.BallotRejected]: ballotRejected,
  [DetailType.VoteCast]: voteCast,
  [DetailType.VoteRejected]: voteRejected,
  [DetailType.ElectionOpened]: electionOpened,
  [DetailType.ElectionClosed]: electionClosed,
  [DetailType.ElectionCertified]: electionCertified,
};

/** A valid `POST /events` body. */
export const ballotRequest: BallotRequest = {
  type: DetailType.BallotSubmitted,
  detail: { ballotId: ballotSubmitted.ballotId, voterId: ballotSubmitted.voterId, votes: ballotSubmitted.votes },
};
