import path from 'node:path';
import { Readable } from 'node:stream';
import { derivedVoterId } from '@evote/voters';
import { repoRoot } from '../../local/paths';
import { checkRoll, describeProblems } from './checkRoll';
import { openRoll } from './rollFile';

const roll = (text: string) => Readable.from([text]);
const example = (name: string) => openRoll(path.join(repoRoot(), 'docs', 'examples', name));

describe('checking a roll before anything is written', () => {
  it('refuses the example roll with its 3 bad rows, by line number (the header is line 1)', async () => {
    const check = await checkRoll(example('roll-with-errors.csv'));
    expect(describeProblems(check.problems)).toEqual([
      'line 4: full name is missing',
      'line 6: e-mail "edsger-at-example.net" is not an e-mail address',
      'line 8: voter id c10002 is already on line 3',
    ]);
    expect(check.rows).toBe(10);
  });

  it('accepts the fixed example roll: 10 voters, no problem', async () => {
    expect(await checkRoll(example('roll.csv'))).toEqual({ rows: 10, voters: 10, derivedIds: 0, problems: [] });
  });

  it('counts lines as the file has them: empty lines, CRLF, and a quoted name over two lines', async () => {
    const check = await checkRoll(
      roll('\ufefffull_name,voter_id\r\n\r\nAda,a1\r\n"Grace\r\nHopper",g1\r\n,x1\r\nAlan,a1\r\n'),
    );
    expect(describeProblems(check.problems)).toEqual([
      'line 6: full name is missing',
      'line 7: voter id a1 is already on line 3',
    ]);
    expect(check.voters).toBe(2);
  });

  it('keeps counting right when a CRLF is split between two chunks of the file', async () => {
    const check = await checkRoll(
      Readable.from(['full_name\r', '\nAda\r', '\n"Grace\r', '\nHopper"\r\n\r', '\n \r\n']),
    );
    expect(describeProblems(check.problems)).toEqual(['line 6: full name is missing']);
  });

  it('finds the same person without a voter id on two lines (derived ids)', async () => {
    const check = await checkRoll(roll('name,email\nGrace Hopper,g@example.org\nAda,\ngrace  hopper,G@example.org\n'));
    expect(describeProblems(check.problems)).toEqual([
      `line 4: same voter as line 2: no voter id, and the same name and e-mail (derived id ${derivedVoterId('Grace Hopper', 'g@example.org')})`,
    ]);
    expect(check).toMatchObject({ rows: 3, voters: 2, derivedIds: 2 });
  });

  it('refuses an unknown column on line 1 and reads no further', async () => {
    const check = await checkRoll(roll('full_name,phone\nAda,123\n'));
    expect(describeProblems(check.problems)).toEqual([
      'line 1: unknown column(s) "phone" in the header: a roll has full_name (or fullName, name), voter_id, email',
    ]);
  });

  it('refuses an empty file', async () => {
    expect(describeProblems((await checkRoll(roll(''))).problems)).toEqual([
      'line 1: the file is empty: a roll starts with a header row',
    ]);
  });

  it('reports where the file stops being CSV', async () => {
    const check = await checkRoll(roll('full_name\nAda\n"Grace" Hopper\nAlan\n'));
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]?.line).toBe(3);
    expect(check.problems[0]?.problems[0]).toMatch(/^not valid CSV: Invalid Closing Quote/);
  });

  it('reports a row with more fields than the header', async () => {
    const check = await checkRoll(roll('full_name,voter_id\nAda,a1,extra\n'));
    expect(describeProblems(check.problems)).toEqual(['line 2: has 3 fields, the header has 2']);
  });
});
