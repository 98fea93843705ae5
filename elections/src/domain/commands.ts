import type { BallotVerified, VoteCast } from '@evote/shared';
import { decideVotes } from './fanOut';
import type { VoteDecision } from './fanOut';
import type { CatalogReader, Tally, VoteBook } from './ports';
import { countRecord, voteRecord } from './records';

/** Fans a verified ballot out into one Vote Cast or Vote Rejected per vote. */
export async function castVotes(ballot: BallotVerified, deps: { catalog: CatalogReader }): Promise<VoteDecision[]> {
  return decideVotes(ballot, await deps.catalog.loadCatalog(ballot.votes));
}

/** Saves a cast vote once (without the voter). */
export async function saveVote(cast: VoteCast, deps: { votes: VoteBook; now: () => Date }) {
  return deps.votes.save(voteRecord(cast, deps.now()));
}

/** Adds a cast vote to its candidate's tally once. */
export async function countVote(cast: VoteCast, deps: { tally: Tally; now: () => Date }) {
  return deps.tally.count(countRecord(cast, deps.now()));
}
