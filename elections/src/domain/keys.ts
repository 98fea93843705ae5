/**
 * Keys of the elections table, defined once per entity. Everything about one election lives in
 * its partition. Identifiers are validated by the event schemas (`/^[A-Za-z0-9_-]{1,64}$/`), so
 * an id can never contain the `#` separator.
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

/** `ELECTION#<e>` / `VOTE#<voteId>`: a saved vote. */
export function voteKey(electionId: string, voteId: string): ItemKey {
  return { pk: electionPartition(electionId), sk: `VOTE#${voteId}` };
}

/** `ELECTION#<e>` / `COUNTED#<voteId>`: the marker that a vote was added to its candidate's tally. */
export function countMarkerKey(electionId: string, voteId: string): ItemKey {
  return { pk: electionPartition(electionId), sk: `COUNTED#${voteId}` };
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
