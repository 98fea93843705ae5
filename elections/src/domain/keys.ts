/**
 * Keys of the elections table, defined once per entity. Identifiers are validated by the event
 * schemas (`/^[A-Za-z0-9_-]{1,64}$/`), so an id can never contain the `#` separator.
 *
 * | item                | pk                            | sk                |
 * | ------------------- | ----------------------------- | ----------------- |
 * | election            | `ELECTION#<e>`                | `DETAIL`          |
 * | candidate (names)   | `ELECTION#<e>`                | `CANDIDATE#<c>`   |
 * | tally shard k       | `ELECTION#<e>#TALLY#<k>`      | `CANDIDATE#<c>`   |
 * | vote                | `ELECTION#<e>#VOTES#<k>`      | `VOTE#<voteId>`   |
 * | count marker        | `ELECTION#<e>#COUNTED#<k>`    | `COUNTED#<voteId>` |
 *
 * No item on a vote's path is shared by every vote of a candidate or an election: a vote's
 * shard k is a hash of its voteId (`shardOf`), so a redelivery lands on the same shard and the
 * COUNTED marker still refuses it, and a candidate's tally is the sum of its `TALLY_SHARDS`
 * shards. In AWS one item takes at most 1,000 write units a second and one partition the same:
 * an unsharded counter caps a candidate at ~500 votes/s (2 units per transactional write); 16
 * shards, each its own partition key, take 16 times that (docs/performance.md).
 */

/** The primary key of one item in the elections table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The `entity` attribute every item records. */
export const Entity = {
  Election: 'Election',
  Candidate: 'Candidate',
  Vote: 'Vote',
  CountMarker: 'CountMarker',
  TallyShard: 'TallyShard',
} as const;
export type Entity = (typeof Entity)[keyof typeof Entity];

/** The partition of one election. */
export function electionPartition(electionId: string): string {
  return `ELECTION#${electionId}`;
}

/** `ELECTION#<e>` / `DETAIL`: the election itself. */
export function electionKey(electionId: string): ItemKey {
  return { pk: electionPartition(electionId), sk: 'DETAIL' };
}

/** Sort-key prefix of an election's candidates: `begins_with(sk, CANDIDATE_PREFIX)` lists them. */
export const CANDIDATE_PREFIX = 'CANDIDATE#';

/** `ELECTION#<e>` / `CANDIDATE#<c>`: a candidate standing in that election, with its voteCount. */
export function candidateKey(electionId: string, candidateId: string): ItemKey {
  return { pk: electionPartition(electionId), sk: `${CANDIDATE_PREFIX}${candidateId}` };
}

/**
 * How many shards every election's tallies and votes are spread over. Fixed for the life of a
 * table: the shard of a stored vote is recomputed from its voteId, so changing this number
 * would move where votes already counted are looked for.
 */
export const TALLY_SHARDS = 16;

/** FNV-1a, 32 bits: cheap, deterministic and well spread over hex ids (no crypto on the hot path). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard (0 .. shards-1) of a vote, from its voteId only: every retry of a vote hits the same shard. */
export function shardOf(voteId: string, shards: number = TALLY_SHARDS): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards must be a positive integer, not ${shards}`);
  return fnv1a(voteId) % shards;
}

/** The shard numbers 0 .. shards-1, to read every shard of an election. */
export function allShards(shards: number = TALLY_SHARDS): number[] {
  return Array.from({ length: shards }, (_, shard) => shard);
}

/** The partition of an election's tally shard `shard`: one item per candidate. */
export function tallyPartition(electionId: string, shard: number): string {
  return `${electionPartition(electionId)}#TALLY#${shard}`;
}

/** The partition of an election's votes of shard `shard`. */
export function votePartition(electionId: string, shard: number): string {
  return `${electionPartition(electionId)}#VOTES#${shard}`;
}

/**
 * The partition of an election's count markers of shard `shard`: apart from the votes, so the
 * count transaction's marker (2 write units) and saveVote's put (1) do not share one partition.
 */
export function markerPartition(electionId: string, shard: number): string {
  return `${electionPartition(electionId)}#COUNTED#${shard}`;
}

/** `ELECTION#<e>#TALLY#<k>` / `CANDIDATE#<c>`: shard k of a candidate's voteCount. */
export function tallyKey(electionId: string, candidateId: string, shard: number): ItemKey {
  return { pk: tallyPartition(electionId, shard), sk: `${CANDIDATE_PREFIX}${candidateId}` };
}

/** The tally shard a vote is counted in. */
export function tallyKeyOfVote(electionId: string, candidateId: string, voteId: string, shards?: number): ItemKey {
  return tallyKey(electionId, candidateId, shardOf(voteId, shards));
}

/** `ELECTION#<e>#VOTES#<k>` / `VOTE#<voteId>`: a saved vote. */
export function voteKey(electionId: string, voteId: string, shards?: number): ItemKey {
  return { pk: votePartition(electionId, shardOf(voteId, shards)), sk: `VOTE#${voteId}` };
}

/** `ELECTION#<e>#COUNTED#<k>` / `COUNTED#<voteId>`: the marker that a vote was added to its candidate's tally. */
export function countMarkerKey(electionId: string, voteId: string, shards?: number): ItemKey {
  return { pk: markerPartition(electionId, shardOf(voteId, shards)), sk: `COUNTED#${voteId}` };
}

/** Every partition key an election's items live under: its own, its tally shards', its votes', its markers'. */
export function electionPartitions(electionId: string, shards?: number): string[] {
  const all = allShards(shards);
  return [
    electionPartition(electionId),
    ...[tallyPartition, votePartition, markerPartition].flatMap((partition) =>
      all.map((shard) => partition(electionId, shard)),
    ),
  ];
}

/** The sparse index that lists every election and candidate (and nothing else). */
export const CATALOG_INDEX = 'catalog';

/** The one partition of the catalog index. */
export const CATALOG_PARTITION = 'CATALOG';

/** The catalog index's key of an election (no candidateId) or of a candidate. */
export interface CatalogEntry {
  readonly catalogPk: string;
  readonly catalogSk: string;
}

/**
 * The catalog index's key: one partition for the whole catalog (elections and candidates are
 * few and small, and only they carry these attributes), sorted so an election's items are
 * together. Votes and count markers never carry it, so the index stays the catalog's size.
 */
export function catalogEntry(electionId: string, candidateId?: string): CatalogEntry {
  const item = candidateId === undefined ? 'DETAIL' : `${CANDIDATE_PREFIX}${candidateId}`;
  return { catalogPk: CATALOG_PARTITION, catalogSk: `${electionPartition(electionId)}#${item}` };
}

/** One string per key, to put keys in a Set. */
export function keyId(key: ItemKey): string {
  return `${key.pk}\n${key.sk}`;
}
