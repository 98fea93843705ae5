/** The results of one election as the read API shows them. */
export interface ElectionResults {
  electionId: string;
  description: string;
  date: string;
  candidates: { candidateId: string; fullName: string; voteCount: number }[];
}

/** Candidates in a stable order: most votes first, then by id. */
export function rankCandidates(candidates: ElectionResults['candidates']): ElectionResults['candidates'] {
  return [...candidates].sort((a, b) => b.voteCount - a.voteCount || a.candidateId.localeCompare(b.candidateId));
}
