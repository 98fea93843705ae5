import type { Vote } from '@evote/shared';
import type { PollWindow } from './polls';

/** Which of the elections and candidates a ballot names exist, and each election's polls. */
export interface ElectionCatalog {
  hasElection(electionId: string): boolean;
  hasCandidate(vote: Vote): boolean;
  /** The election's window; undefined when it has none (always open) or is not in the catalog. */
  windowOf(electionId: string): PollWindow | undefined;
}

/** An election as the catalog knows it: its id and its window (none: always open). */
export interface CatalogElection {
  readonly electionId: string;
  readonly window?: PollWindow;
}

/** A catalog of the given elections (with their windows) and (election, candidate) pairs. */
export function catalogOf(found: {
  elections: Iterable<CatalogElection>;
  candidates: Iterable<Vote>;
}): ElectionCatalog {
  const elections = new Map([...found.elections].map((election) => [election.electionId, election.window]));
  const candidates = new Set([...found.candidates].map(candidateId));
  return {
    hasElection: (electionId) => elections.has(electionId),
    hasCandidate: (vote) => candidates.has(candidateId(vote)),
    windowOf: (electionId) => elections.get(electionId),
  };
}

function candidateId(vote: Vote): string {
  return `${vote.electionId}#${vote.candidateId}`;
}
