/** The elections a voter can choose from, as `GET /elections` shows them: no tallies. */
export interface ElectionSummary {
  electionId: string;
  description: string;
  date: string;
  candidates: { candidateId: string; fullName: string }[];
}

/** Elections by date then id, each one's candidates by name then id: the order a ballot shows them. */
export function orderListing(elections: readonly ElectionSummary[]): ElectionSummary[] {
  return [...elections]
    .sort((a, b) => a.date.localeCompare(b.date) || a.electionId.localeCompare(b.electionId))
    .map((election) => ({
      ...election,
      candidates: [...election.candidates].sort(
        (a, b) => a.fullName.localeCompare(b.fullName) || a.candidateId.localeCompare(b.candidateId),
      ),
    }));
}
