import type { Vote } from '@evote/shared';

/** Which of the elections and candidates a ballot names exist. */
export interface ElectionCatalog {
  hasElection(electionId: string): boolean;
  hasCandidate(vote: Vote): boolean;
}

/** A catalog of the given elections and (election, candidate) pairs. */
export function catalogOf(found: { elections: Iterable<string>; candidates: Iterable<Vote> }): ElectionCatalog {
  const elections = new Set(found.elections);
  const candidates = new Set([...found.candidates].map(candidateId));
  return {
    hasElection: (electionId) => elections.has(electionId),
    hasCandidate: (vote) => candidates.has(candidateId(vote)),
  };
}

function candidateId(vote: Vote): string {
  return `${vote.electionId}#${vote.candidateId}`;
}
