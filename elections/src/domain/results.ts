/**
 * The results of one election as the read API shows them, and the embargo: an `after-close`
 * election shows its turnout but no candidate's count until Election Closed is recorded, except
 * to an auditor. The status and mode rules live in ./lifecycle.
 */
import {
  isEmbargoed,
  resultsModeOf,
  statusOf,
  type Certification,
  type ElectionLifecycle,
  type ElectionStatus,
  type ResultsMode,
} from './lifecycle';

/** One candidate's tally as the table holds it. */
export interface CandidateTally {
  candidateId: string;
  fullName: string;
  voteCount: number;
}

/** One election as the table holds it: its description, lifecycle and every candidate's tally. */
export interface ElectionRecord {
  electionId: string;
  description: string;
  date: string;
  lifecycle: ElectionLifecycle;
  /** In no promised order: `resultsOf` orders them for the reader. */
  candidates: CandidateTally[];
  /** When the last vote of this election was counted (ISO time); null before the first. */
  lastChangedAt: string | null;
}

/** The results of one election as the read API shows them. */
export interface ElectionResults {
  electionId: string;
  description: string;
  date: string;
  status: ElectionStatus;
  results: ResultsMode;
  /** Whether the candidates' counts are left out (an `after-close` election before its close). */
  embargoed: boolean;
  /** Ballots accepted and counted for this election so far: the sum of the counts, no choice revealed. */
  turnout: number;
  opensAt?: string;
  closesAt?: string;
  /** Most votes first; while embargoed, by name, and without voteCount. */
  candidates: { candidateId: string; fullName: string; voteCount?: number }[];
  lastChangedAt: string | null;
  certification?: Certification;
}

/** Who reads the results: anyone, or an auditor (who always sees the counts). */
export type ResultsReaderRole = 'public' | 'auditor';

/**
 * What `role` may see of the election at `now`. While embargoed for the public the candidates are
 * ordered by name and then id, never by count: an order by votes would leak the counts it hides.
 */
export function resultsOf(election: ElectionRecord, now: Date, role: ResultsReaderRole): ElectionResults {
  const { lifecycle } = election;
  const embargoed = role === 'public' && isEmbargoed(lifecycle);
  return {
    electionId: election.electionId,
    description: election.description,
    date: election.date,
    status: statusOf(lifecycle, now),
    results: resultsModeOf(lifecycle),
    embargoed,
    turnout: election.candidates.reduce((sum, candidate) => sum + candidate.voteCount, 0),
    ...(lifecycle.opensAt ? { opensAt: lifecycle.opensAt } : {}),
    ...(lifecycle.closesAt ? { closesAt: lifecycle.closesAt } : {}),
    candidates: embargoed
      ? byName(election.candidates).map(({ candidateId, fullName }) => ({ candidateId, fullName }))
      : rankCandidates(election.candidates),
    lastChangedAt: election.lastChangedAt,
    ...(lifecycle.certification ? { certification: lifecycle.certification } : {}),
  };
}

/** Candidates in a stable order: most votes first, then by id (the results page's and the certification's order). */
export function rankCandidates<T extends Pick<CandidateTally, 'candidateId' | 'voteCount'>>(
  candidates: readonly T[],
): T[] {
  return [...candidates].sort((a, b) => b.voteCount - a.voteCount || a.candidateId.localeCompare(b.candidateId));
}

function byName(candidates: readonly CandidateTally[]): CandidateTally[] {
  return [...candidates].sort(
    (a, b) => a.fullName.localeCompare(b.fullName) || a.candidateId.localeCompare(b.candidateId),
  );
}

/**
 * The latest of the candidates' last-count times, or null when none was counted yet. ISO times
 * of one clock (`toISOString`, always UTC and the same length) order as strings.
 */
export function latestCount(countedAt: readonly (string | undefined)[]): string | null {
  return countedAt.reduce<string | null>((latest, time) => (time && (!latest || time > latest) ? time : latest), null);
}
