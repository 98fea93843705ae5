import type { VoteCast } from '@evote/shared';

/** A saved vote. It holds no voter identity: who voted is never stored next to what they voted. */
export interface VoteRecord {
  readonly voteId: string;
  readonly ballotId: string;
  readonly electionId: string;
  readonly candidateId: string;
  readonly castAt: string;
}

/** The one-time addition of a vote to its candidate's tally. */
export interface CountRecord {
  readonly voteId: string;
  readonly electionId: string;
  readonly candidateId: string;
  readonly countedAt: string;
}

/** The vote to save from a Vote Cast, with the voter left out. */
export function voteRecord(cast: VoteCast, castAt: Date): VoteRecord {
  return {
    voteId: cast.voteId,
    ballotId: cast.ballotId,
    electionId: cast.vote.electionId,
    candidateId: cast.vote.candidateId,
    castAt: castAt.toISOString(),
  };
}

/** The count to make from a Vote Cast. */
export function countRecord(cast: VoteCast, countedAt: Date): CountRecord {
  return {
    voteId: cast.voteId,
    electionId: cast.vote.electionId,
    candidateId: cast.vote.candidateId,
    countedAt: countedAt.toISOString(),
  };
}
