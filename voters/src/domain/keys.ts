/**
 * Keys of the voters table, defined once per entity. Identifiers are validated by the event
 * schemas (`/^[A-Za-z0-9_-]{1,64}$/`), so an id can never contain the `#` separator.
 */

/** The primary key of one item in the voters table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The `entity` attribute every item records. */
export const Entity = { Voter: 'Voter', Ballot: 'Ballot' } as const;
export type Entity = (typeof Entity)[keyof typeof Entity];

/** The partition shared by a voter's profile and every ballot issued to that voter. */
export function voterPartition(voterId: string): string {
  return `VOTER#${voterId}`;
}

/** `VOTER#<voterId>` / `PROFILE`: the voter's profile. */
export function voterKey(voterId: string): ItemKey {
  return { pk: voterPartition(voterId), sk: 'PROFILE' };
}

/** `VOTER#<voterId>` / `BALLOT#<ballotId>`: a ballot issued to that voter (absent if issued to another). */
export function ballotKey(voterId: string, ballotId: string): ItemKey {
  return { pk: voterPartition(voterId), sk: `BALLOT#${ballotId}` };
}
