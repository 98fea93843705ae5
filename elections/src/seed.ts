import seedFile from '../seed/elections.json';
import { candidateKey, electionKey, Entity } from './domain/keys';

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

/** The items `yarn run init` writes into the elections table: every voteCount starts at 0. */
export function electionSeedItems(seed: readonly ElectionSeed[] = electionSeed): Record<string, unknown>[] {
  return seed.flatMap((election) => [
    {
      ...electionKey(election.electionId),
      entity: Entity.Election,
      electionId: election.electionId,
      description: election.description,
      date: election.date,
    },
    ...election.candidates.map((candidate) => ({
      ...candidateKey(election.electionId, candidate.candidateId),
      entity: Entity.Candidate,
      electionId: election.electionId,
      candidateId: candidate.candidateId,
      fullName: candidate.fullName,
      voteCount: 0,
    })),
  ]);
}
