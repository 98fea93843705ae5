import { BallotState } from './model';
import {
  derivedVoterId,
  importedVoterItems,
  isEmail,
  judgeRollRow,
  newBallotId,
  rollColumns,
  RollHeaderError,
  type RollColumns,
} from './roll';

const columns: RollColumns = rollColumns(['full_name', 'voter_id', 'email']);

describe('the roll header', () => {
  it('finds the columns whatever their case and order, with the accepted aliases', () => {
    expect(rollColumns([' Email ', 'FullName', 'Voter_ID'])).toEqual({ fullName: 1, voterId: 2, email: 0, count: 3 });
    expect(rollColumns(['name'])).toEqual({ fullName: 0, voterId: undefined, email: undefined, count: 1 });
  });

  it('refuses an unknown column, naming it', () => {
    expect(() => rollColumns(['full_name', 'phone'])).toThrow(/unknown column\(s\) "phone"/);
  });

  it('refuses a header without a full name, or with a column twice', () => {
    expect(() => rollColumns(['voter_id', 'email'])).toThrow(RollHeaderError);
    expect(() => rollColumns(['name', 'full_name'])).toThrow(/twice/);
  });
});

describe('a roll row', () => {
  it('gives a voter with the id, the tidied name and the e-mail of the row', () => {
    expect(judgeRollRow(columns, ['  Ada   Lovelace ', 'c10001', 'ada@example.org'])).toEqual({
      ok: true,
      voter: { voterId: 'c10001', fullName: 'Ada Lovelace', email: 'ada@example.org', derivedId: false },
    });
  });

  it('leaves the e-mail out when the row has none, and accepts a row shorter than the header', () => {
    expect(judgeRollRow(columns, ['Alan Turing', 'c10002'])).toEqual({
      ok: true,
      voter: { voterId: 'c10002', fullName: 'Alan Turing', derivedId: false },
    });
  });

  it('reports every problem of a row at once', () => {
    const verdict = judgeRollRow(columns, [' ', 'bad id!', 'nobody', 'extra']);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.problems).toEqual([
      'has 4 fields, the header has 3',
      'full name is missing',
      'e-mail "nobody" is not an e-mail address',
      expect.stringMatching(/^voter id "bad id!" must be 1 to 64 characters/),
    ]);
  });

  it('refuses a name over 200 characters', () => {
    expect(judgeRollRow(columns, ['x'.repeat(201), 'v1']).ok).toBe(false);
    expect(judgeRollRow(columns, ['x'.repeat(200), 'v1']).ok).toBe(true);
  });

  it('derives the id of a row without one from its name and e-mail, the same every time', () => {
    const verdict = judgeRollRow(columns, ['Grace Hopper', '', 'grace@example.com']);
    expect(verdict).toEqual({
      ok: true,
      voter: {
        voterId: derivedVoterId('Grace Hopper', 'grace@example.com'),
        fullName: 'Grace Hopper',
        email: 'grace@example.com',
        derivedId: true,
      },
    });
  });
});

describe('derived voter ids', () => {
  it('are r- and 32 hex digits (128 bits), a valid identifier', () => {
    expect(derivedVoterId('Grace Hopper')).toMatch(/^r-[0-9a-f]{32}$/);
  });

  it('ignore case and spacing, so one person written twice is one voter', () => {
    expect(derivedVoterId(' grace  HOPPER', 'Grace@Example.com')).toBe(
      derivedVoterId('Grace Hopper', 'grace@example.com'),
    );
  });

  it('tell people apart by name or e-mail', () => {
    expect(derivedVoterId('Grace Hopper')).not.toBe(derivedVoterId('Grace Hoper'));
    expect(derivedVoterId('Grace Hopper', 'a@example.org')).not.toBe(derivedVoterId('Grace Hopper', 'b@example.org'));
  });
});

describe('e-mail check', () => {
  it.each(['a@example.org', 'first.last+tag@sub.example.co.uk'])('accepts %s', (email) => {
    expect(isEmail(email)).toBe(true);
  });
  it.each(['a@b', 'a@@b.org', 'a b@c.org', '@example.org', 'a@example.'])('refuses %s', (email) =>
    expect(isEmail(email)).toBe(false),
  );
  it('refuses an address over 254 characters', () => {
    expect(isEmail(`${'a'.repeat(246)}@x.org`)).toBe(true);
    expect(isEmail(`${'a'.repeat(249)}@x.org`)).toBe(false);
  });
});

describe('imported voter items', () => {
  it('are the profile (e-mail only when given) and one ISSUED ballot in the voter partition', () => {
    const { profile, ballot } = importedVoterItems(
      { voterId: 'c1', fullName: 'Ada', email: 'ada@example.org', derivedId: false },
      'b1',
    );
    expect(profile).toEqual({
      pk: 'VOTER#c1',
      sk: 'PROFILE',
      entity: 'Voter',
      voterId: 'c1',
      fullName: 'Ada',
      email: 'ada@example.org',
    });
    expect(ballot).toEqual({
      pk: 'VOTER#c1',
      sk: 'BALLOT#b1',
      entity: 'Ballot',
      voterId: 'c1',
      ballotId: 'b1',
      ballotState: BallotState.Issued,
    });
    expect(importedVoterItems({ voterId: 'c2', fullName: 'Alan', derivedId: false }, 'b2').profile).not.toHaveProperty(
      'email',
    );
  });

  it('get ballot ids of 128 random bits, as identifiers', () => {
    const id = newBallotId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(newBallotId(() => Buffer.alloc(16, 0xff))).toBe('_____________________w');
    expect(newBallotId()).not.toBe(id);
  });
});
