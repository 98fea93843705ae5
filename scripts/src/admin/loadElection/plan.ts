/**
 * The one judge of what loading a definition may do to each election: create it, leave it as it
 * is, update it, or refuse (it changed after its polls opened). Decided for the whole file before
 * anything is written, so a refused election leaves every election of the file untouched.
 */
import { electionDigest, type DefinedElection } from '@evote/elections';

/** What the elections table holds of an election a definition names. */
export interface StoredElection {
  electionId: string;
  /** Undefined for an item written before definitions existed: it is treated as open. */
  opensAt: string | undefined;
  definitionDigest: string | undefined;
  /** The candidates stored, with their counts (never reset by a load). */
  candidates: { candidateId: string; voteCount: number }[];
}

export type ElectionDecision =
  | { kind: 'create'; election: DefinedElection }
  | { kind: 'unchanged'; election: DefinedElection }
  | { kind: 'update'; election: DefinedElection; stored: StoredElection; removedCandidates: string[] }
  | { kind: 'refuse'; election: DefinedElection; reason: string };

/** Decides every election of a definition against what is stored, at `now`. */
export function planLoad(
  elections: readonly DefinedElection[],
  stored: ReadonlyMap<string, StoredElection>,
  now: Date,
): ElectionDecision[] {
  return elections.map((election) => decide(election, stored.get(election.electionId), now));
}

function decide(election: DefinedElection, stored: StoredElection | undefined, now: Date): ElectionDecision {
  if (!stored) return { kind: 'create', election };
  if (stored.definitionDigest === electionDigest(election)) return { kind: 'unchanged', election };
  if (stored.opensAt === undefined || Date.parse(stored.opensAt) <= now.getTime()) {
    const since = stored.opensAt
      ? `its polls opened at ${stored.opensAt}`
      : 'it was written before its polls were defined';
    return {
      kind: 'refuse',
      election,
      reason: `election ${election.electionId} (${election.description}) differs from the one stored, and ${since}: an open election cannot be changed`,
    };
  }
  const defined = new Set(election.candidates.map((candidate) => candidate.candidateId));
  const removed = stored.candidates.filter((candidate) => !defined.has(candidate.candidateId));
  const counted = removed.filter((candidate) => candidate.voteCount > 0);
  if (counted.length > 0) {
    return {
      kind: 'refuse',
      election,
      reason: `election ${election.electionId} would drop candidate(s) ${counted.map((c) => c.candidateId).join(', ')}, which already have votes`,
    };
  }
  return { kind: 'update', election, stored, removedCandidates: removed.map((candidate) => candidate.candidateId) };
}
