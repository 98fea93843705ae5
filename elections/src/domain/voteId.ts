import { createHash } from 'node:crypto';

/**
 * The id of the vote a ballot casts in one election: the first 32 hex characters of
 * sha256(`${ballotId}#${electionId}`). Derived, never random, so every redelivery of a ballot
 * yields the same voteId and the vote is saved and counted once. A ballot holds at most one vote
 * per election, so the pair identifies the vote.
 */
export function deriveVoteId(ballotId: string, electionId: string): string {
  return createHash('sha256').update(`${ballotId}#${electionId}`).digest('hex').slice(0, 32);
}
