/**
 * A candidate's tally is the sum of its shards (keys.ts, `TALLY_SHARDS`). Every reader of
 * tallies (the results route, `yarn inspect`, verify, rebuild, load-election) sums them here.
 */
import { allShards, Entity, tallyKey } from './keys';

/** What a tally shard item holds beyond its key. */
export interface TallyShardItem {
  readonly electionId: string;
  readonly candidateId: string;
  readonly voteCount: number;
  /** When this shard last gained a vote. */
  readonly countedAt?: string;
}

/** A candidate's summed tally: its votes, and when the last of them was counted. */
export interface CandidateCount {
  readonly voteCount: number;
  readonly countedAt?: string;
}

/** `<electionId>/<candidateId>`: a candidate's key in the maps below. */
export function candidateLabelOf(electionId: string, candidateId: string): string {
  return `${electionId}/${candidateId}`;
}

/**
 * Sums tally shard items (any others are ignored) per candidate. `countedAt` is the latest of
 * the shards'. ISO-8601 UTC instants compare as strings.
 */
export function sumTallyShards(items: Iterable<Record<string, unknown>>): Map<string, CandidateCount> {
  const sums = new Map<string, CandidateCount>();
  for (const item of items) {
    if (item.entity !== Entity.TallyShard) continue;
    const label = candidateLabelOf(String(item.electionId), String(item.candidateId));
    const before = sums.get(label) ?? { voteCount: 0 };
    const countedAt = typeof item.countedAt === 'string' ? item.countedAt : undefined;
    sums.set(label, {
      voteCount: before.voteCount + Number(item.voteCount ?? 0),
      countedAt: [before.countedAt, countedAt]
        .filter((at) => at !== undefined)
        .sort()
        .pop(),
    });
  }
  return sums;
}

/** A candidate's shard items at zero votes: what the seed and a load write for each candidate. */
export function emptyTallyShards(electionId: string, candidateId: string, shards?: number): Record<string, unknown>[] {
  return allShards(shards).map((shard) => ({
    ...tallyKey(electionId, candidateId, shard),
    entity: Entity.TallyShard,
    electionId,
    candidateId,
    shard,
    voteCount: 0,
  }));
}
