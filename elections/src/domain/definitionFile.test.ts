import fs from 'node:fs';
import path from 'node:path';
import { describeProblems, parseDefinitionText } from './definitionFile';

const YAML_FILE = `elections:
  - electionId: 3391e4
    description: Mayor
    opensAt: 2026-05-01T08:00:00+02:00
    closesAt: 2026-05-01T20:00:00+02:00
    results: live
    candidates:
      - candidateId: 012345
        fullName: Ada Lovelace
`;

describe('parseDefinitionText', () => {
  it('reads YAML, keeping ids that look like numbers as the text they are', () => {
    const check = parseDefinitionText(YAML_FILE);
    expect(check.ok && check.definition.elections[0]).toMatchObject({
      electionId: '3391e4',
      opensAt: '2026-05-01T06:00:00.000Z',
      candidates: [{ candidateId: '012345', fullName: 'Ada Lovelace' }],
    });
  });

  it('reads JSON the same way', () => {
    const json = JSON.stringify({
      elections: [
        {
          electionId: '3391e4',
          description: 'Mayor',
          opensAt: '2026-05-01T08:00:00+02:00',
          closesAt: '2026-05-01T20:00:00+02:00',
          results: 'live',
          candidates: [{ candidateId: '012345', fullName: 'Ada Lovelace' }],
        },
      ],
    });
    expect(parseDefinitionText(json)).toEqual(parseDefinitionText(YAML_FILE));
  });

  it('places a bad value at its line and column, with its path', () => {
    const check = parseDefinitionText(
      YAML_FILE.replace('closesAt: 2026-05-01T20:00:00+02:00', 'closesAt: 2026-05-01T20:00:00'),
    );
    expect(check).toEqual({
      ok: false,
      problems: [
        {
          line: 5,
          column: 15,
          path: '/elections/0/closesAt',
          message: expect.stringMatching(/^must be an ISO 8601 date and time with its offset/),
        },
      ],
    });
  });

  it('places an unknown field at its line and a missing one at the mapping that lacks it', () => {
    const check = parseDefinitionText(YAML_FILE.replace('    results: live\n', '    result: live\n'));
    expect(check.ok ? [] : check.problems).toEqual([
      { line: 2, column: 5, path: '/elections/0', message: 'missing "results"' },
      { line: 6, column: 13, path: '/elections/0/result', message: 'unknown field "result"' },
    ]);
  });

  it('places a rule broken across fields (a repeated id) at the repeat', () => {
    const text = `${YAML_FILE}      - candidateId: 012345\n        fullName: Grace Hopper\n`;
    expect(parseDefinitionText(text)).toMatchObject({
      ok: false,
      problems: [{ line: 10, column: 22, path: '/elections/0/candidates/1/candidateId' }],
    });
  });

  it('reports a syntax error and a duplicate key at their lines', () => {
    const broken = parseDefinitionText('elections:\n  - electionId: [a, b\n    description: x\n');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]?.line).toBe(3);
    const duplicate = parseDefinitionText(
      YAML_FILE.replace('    results: live\n', '    results: live\n    results: live\n'),
    );
    expect(duplicate).toMatchObject({ ok: false, problems: [{ line: 7, message: 'Map keys must be unique' }] });
  });

  it('refuses an empty file', () => {
    expect(parseDefinitionText('')).toMatchObject({
      ok: false,
      problems: [{ path: '', message: 'must be a mapping of fields' }],
    });
  });
});

describe('describeProblems', () => {
  it('writes one line per problem, file:line:column first, in file order', () => {
    expect(
      describeProblems('e.yaml', [
        { line: 9, column: 3, path: '/elections/1', message: 'missing "results"' },
        { line: 2, column: 1, path: '', message: 'Map keys must be unique' },
      ]),
    ).toEqual(['e.yaml:2:1: Map keys must be unique', 'e.yaml:9:3: /elections/1: missing "results"']);
  });
});

describe('the definitions in the repository', () => {
  it.each([['docs/examples/election.yaml'], ['elections/seed/election.yaml']])('%s is valid', (file) => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', file), 'utf8');
    const check = parseDefinitionText(text);
    expect(check.ok ? [] : describeProblems(file, check.problems)).toEqual([]);
  });
});
