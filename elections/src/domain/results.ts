/** The results of one election as the read API shows them. */
export interface ElectionResults {
  electionId: string;
  description: string;
  date: string;
  candidates: { candidateId: string; fullName: string; voteCount: number }[];
  /** When the last vote of this election was counted (ISO time); null before the first. */
  lastChangedAt: string | null;
}

/** Candidates in a stable order: most votes first, then by id. */
export function rankCandidates(candidates: ElectionResults['candidates']): ElectionResults['candidates'] {
  return [...candidates].sort((a, b) => b.voteCount - a.voteCount || a.candidateId.localeCompare(b.candidateId));
}

/**
 * The latest of the candidates' last-count times, or null when none was counted yet. ISO times
 * of one clock (`toISOString`, always UTC and the same length) order as strings.
 */
export function latestCount(countedAt: readonly (string | undefined)[]): string | null {
  return countedAt.reduce<string | null>((latest, time) => (time && (!latest || time > latest) ? time : latest), null);
}
