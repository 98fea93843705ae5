/**
 * The voter roll: the rules a row of an imported roll (a CSV file, see docs/voter-roll.md) must
 * follow, the voter id of a row that gives none, and the two items an imported voter becomes.
 * One home for these rules: the import command only reads the file and writes the items.
 */
import { createHash, randomBytes } from 'node:crypto';
import { IDENTIFIER_PATTERN, IDENTIFIER_RULE } from '@evote/shared';
import { ballotKey, Entity, voterKey } from './keys';
import { BallotState } from './model';

/** The columns a roll may have; header names are matched case-insensitively, after trimming. */
export const ROLL_COLUMNS = {
  fullName: ['full_name', 'fullname', 'name'],
  voterId: ['voter_id', 'voterid'],
  email: ['email'],
} as const;
export type RollColumn = keyof typeof ROLL_COLUMNS;

/** Where each known column sits in a row (undefined: the roll has no such column). */
export type RollColumns = Readonly<Record<RollColumn, number | undefined>> & { readonly count: number };

export const FULL_NAME_MAX = 200;
export const EMAIL_MAX = 254;
/** Prefix of a voter id derived from the row's content, so it cannot be mistaken for a given one. */
export const DERIVED_ID_PREFIX = 'r-';

/** One voter as a valid roll row describes them. */
export interface RollVoter {
  readonly voterId: string;
  readonly fullName: string;
  /** Only when the row gives one: personal data, kept on the profile and nowhere else. */
  readonly email?: string;
  /** True when the row gave no voter id and it was derived from the name and e-mail. */
  readonly derivedId: boolean;
}

export type RowVerdict =
  { readonly ok: true; readonly voter: RollVoter } | { readonly ok: false; readonly problems: string[] };

/** The header is unusable: nothing in the file can be read. */
export class RollHeaderError extends Error {
  readonly code = 'ROLL_HEADER_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'RollHeaderError';
  }
}

/** Maps a header row to the known columns; refuses unknown, repeated or missing ones. */
export function rollColumns(header: readonly string[]): RollColumns {
  const found: Partial<Record<RollColumn, number>> = {};
  const unknown: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    const column = (Object.keys(ROLL_COLUMNS) as RollColumn[]).find((key) =>
      (ROLL_COLUMNS[key] as readonly string[]).includes(name),
    );
    if (column === undefined) unknown.push(JSON.stringify(raw));
    else if (found[column] !== undefined)
      throw new RollHeaderError(`the header names the ${ROLL_COLUMNS[column][0]} column twice`);
    else found[column] = index;
  });
  const allowed = 'full_name (or fullName, name), voter_id, email';
  if (unknown.length > 0)
    throw new RollHeaderError(`unknown column(s) ${unknown.join(', ')} in the header: a roll has ${allowed}`);
  if (found.fullName === undefined)
    throw new RollHeaderError(`the header has no full_name column: a roll has ${allowed}`);
  return { fullName: found.fullName, voterId: found.voterId, email: found.email, count: header.length };
}

/**
 * Judges one data row. A row may have fewer fields than the header (the missing ones are empty)
 * but not more. Every problem of the row is reported, not only the first.
 */
export function judgeRollRow(columns: RollColumns, fields: readonly string[]): RowVerdict {
  const problems: string[] = [];
  if (fields.length > columns.count) problems.push(`has ${fields.length} fields, the header has ${columns.count}`);
  const field = (column: RollColumn) => {
    const index = columns[column];
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  const fullName = field('fullName').replace(/\s+/g, ' ').normalize('NFC');
  const email = field('email');
  const givenId = field('voterId');
  if (fullName.length === 0) problems.push('full name is missing');
  else if (fullName.length > FULL_NAME_MAX) problems.push(`full name is longer than ${FULL_NAME_MAX} characters`);
  if (email.length > 0 && !isEmail(email)) problems.push(`e-mail ${JSON.stringify(email)} is not an e-mail address`);
  if (givenId.length > 0 && !new RegExp(IDENTIFIER_PATTERN).test(givenId))
    problems.push(`voter id ${JSON.stringify(givenId)} ${IDENTIFIER_RULE}`);
  if (problems.length > 0) return { ok: false, problems };
  const voterId = givenId.length > 0 ? givenId : derivedVoterId(fullName, email);
  return {
    ok: true,
    voter: { voterId, fullName, ...(email ? { email } : {}), derivedId: givenId.length === 0 },
  };
}

/**
 * A simple e-mail check, on purpose: one `@`, no spaces, a dot in the domain, at most 254
 * characters. It catches typing mistakes; it cannot tell whether the mailbox exists.
 */
export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX && /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/.test(value);
}

/**
 * The voter id of a row that gives none: `r-` and 128 bits of SHA-256 over the name (spaces
 * collapsed, lower case) and the e-mail (lower case). The same row always gets the same id, so
 * importing the roll again finds the voter instead of adding a twin; two rows with the same
 * name and e-mail are the same voter (a duplicate).
 */
export function derivedVoterId(fullName: string, email = ''): string {
  const normalized = `${fullName.trim().replace(/\s+/g, ' ').normalize('NFC').toLowerCase()}\n${email.trim().toLowerCase()}`;
  return `${DERIVED_ID_PREFIX}${createHash('sha256').update(normalized).digest('hex').slice(0, 32)}`;
}

/** A fresh ballot id: 128 random bits, base64url (22 characters, a valid identifier). */
export function newBallotId(random: (size: number) => Buffer = randomBytes): string {
  return random(16).toString('base64url');
}

/** The profile and the ISSUED ballot an imported voter becomes, written together or not at all. */
export function importedVoterItems(
  voter: RollVoter,
  ballotId: string,
): { profile: Record<string, unknown>; ballot: Record<string, unknown> } {
  return {
    profile: {
      ...voterKey(voter.voterId),
      entity: Entity.Voter,
      voterId: voter.voterId,
      fullName: voter.fullName,
      ...(voter.email ? { email: voter.email } : {}),
    },
    ballot: {
      ...ballotKey(voter.voterId, ballotId),
      entity: Entity.Ballot,
      voterId: voter.voterId,
      ballotId,
      ballotState: BallotState.Issued,
    },
  };
}
