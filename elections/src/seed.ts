import seedFile from '../seed/elections.json';
import { candidateKey, catalogEntry, electionKey, Entity } from './domain/keys';

/** An election of the seed data set with its candidates. */
export interface ElectionSeed {
  electionId: string;
  description: string;
  /** ISO date of the election day. */
  date: string;
  candidates: { candidateId: string; fullName: string }[];
}

/** The walkthrough's elections (elections/seed/elections.json). */
export const electionSeed: readonly ElectionSeed[] = seedFile satisfies readonly ElectionSeed[];

/**
 * The items `yarn run init` writes into the elections table: every voteCount starts at 0, and
 * every election and candidate is listed in the catalog index.
 */
export function electionSeedItems(seed: readonly ElectionSeed[] = electionSeed): Record<string, unknown>[] {
  return seed.flatMap((election) => [
    {
      ...electionKey(election.electionId),
      ...catalogEntry(election.electionId),
      entity: Entity.Election,
      electionId: election.electionId,
      description: election.description,
      date: election.date,
    },
    ...election.candidates.map((candidate) => ({
      ...candidateKey(election.electionId, candidate.candidateId),
      ...catalogEntry(election.electionId, candidate.candidateId),
      entity: Entity.Candidate,
      electionId: election.electionId,
      candidateId: candidate.candidateId,
      fullName: candidate.fullName,
      voteCount: 0,
    })),
  ]);
}
