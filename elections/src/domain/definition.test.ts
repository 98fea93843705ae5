import { IDENTIFIER_RULE, MAX_CANDIDATES } from '@evote/shared';
import { checkDefinition, electionAttributes, electionDigest, type DefinitionCheck } from './definition';

const election = (overrides: Record<string, unknown> = {}) => ({
  electionId: 'e1',
  description: 'Mayor',
  opensAt: '2026-05-01T08:00:00+02:00',
  closesAt: '2026-05-01T20:00:00+02:00',
  results: 'after-close',
  candidates: [
    { candidateId: 'c1', fullName: 'Ada Lovelace' },
    { candidateId: 'c2', fullName: 'Grace Hopper' },
  ],
  ...overrides,
});

const problemsOf = (check: DefinitionCheck) => (check.ok ? [] : check.problems);

describe('checkDefinition', () => {
  it('normalises every instant to a UTC toISOString() and keeps the election day as written', () => {
    const check = checkDefinition({ elections: [election()] });
    expect(check).toEqual({
      ok: true,
      definition: {
        elections: [
          {
            electionId: 'e1',
            description: 'Mayor',
            opensAt: '2026-05-01T06:00:00.000Z',
            closesAt: '2026-05-01T18:00:00.000Z',
            results: 'after-close',
            date: '2026-05-01',
            candidates: [
              { candidateId: 'c1', fullName: 'Ada Lovelace' },
              { candidateId: 'c2', fullName: 'Grace Hopper' },
            ],
          },
        ],
      },
    });
  });

  it('accepts Z, minutes without seconds and milliseconds', () => {
    const check = checkDefinition({
      elections: [election({ opensAt: '2026-05-01T06:00Z', closesAt: '2026-05-01T18:00:00.250-03:30' })],
    });
    expect(check.ok && check.definition.elections[0]).toMatchObject({
      opensAt: '2026-05-01T06:00:00.000Z',
      closesAt: '2026-05-01T21:30:00.250Z',
    });
  });

  it.each([
    ['no offset (ambiguous)', '2026-05-01T08:00:00'],
    ['a date alone', '2026-05-01'],
    ['a space instead of T', '2026-05-01 08:00:00Z'],
    ['microseconds', '2026-05-01T08:00:00.123456Z'],
  ])('refuses an instant with %s', (_, opensAt) => {
    expect(problemsOf(checkDefinition({ elections: [election({ opensAt })] }))).toEqual([
      {
        path: '/elections/0/opensAt',
        message: expect.stringMatching(/^must be an ISO 8601 date and time with its offset/),
      },
    ]);
  });

  it.each([
    ['2026-02-30T08:00:00Z'],
    ['2026-13-01T08:00:00Z'],
    ['2026-05-01T24:00:00Z'],
    ['2026-05-01T08:00:00+25:00'],
  ])('refuses %s, which does not exist', (opensAt) => {
    expect(problemsOf(checkDefinition({ elections: [election({ opensAt })] }))).toEqual([
      { path: '/elections/0/opensAt', message: `${opensAt} is not a date and time that exists` },
    ]);
  });

  it('refuses polls that close before (or when) they open', () => {
    const same = election({ closesAt: '2026-05-01T06:00:00Z' });
    expect(problemsOf(checkDefinition({ elections: [same] }))).toEqual([
      { path: '/elections/0/closesAt', message: 'must be after opensAt (2026-05-01T08:00:00+02:00)' },
    ]);
  });

  it('refuses a repeated election id, and a repeated candidate id within an election', () => {
    const twice = election({
      candidates: [
        { candidateId: 'c1', fullName: 'A' },
        { candidateId: 'c1', fullName: 'B' },
      ],
    });
    expect(problemsOf(checkDefinition({ elections: [election(), twice] }))).toEqual([
      { path: '/elections/1/electionId', message: 'e1 is already the id of /elections/0' },
      { path: '/elections/1/candidates/1/candidateId', message: 'c1 is already the id of /elections/1/candidates/0' },
    ]);
  });

  it('lets two elections share candidate ids', () => {
    expect(checkDefinition({ elections: [election(), election({ electionId: 'e2' })] }).ok).toBe(true);
  });

  it('reports every schema problem at its path, in words', () => {
    const bad = {
      elections: [
        {
          ...election({ electionId: 'not an id', results: 'sometimes', description: '' }),
          closesat: 'typo',
          candidates: [],
        },
        { electionId: 'e2' },
      ],
    };
    expect(problemsOf(checkDefinition(bad))).toEqual(
      expect.arrayContaining([
        { path: '/elections/0/closesat', message: 'unknown field "closesat"' },
        { path: '/elections/0/electionId', message: IDENTIFIER_RULE },
        { path: '/elections/0/description', message: 'must be 1 to 200 characters' },
        { path: '/elections/0/results', message: 'must be one of: live, after-close' },
        { path: '/elections/0/candidates', message: 'must list at least 1' },
        { path: '/elections/1', message: 'missing "opensAt"' },
      ]),
    );
  });

  it(`refuses more than ${MAX_CANDIDATES} candidates and a description over 200 characters`, () => {
    const candidates = Array.from({ length: MAX_CANDIDATES + 1 }, (_, index) => ({
      candidateId: `c${index}`,
      fullName: `Candidate ${index}`,
    }));
    expect(
      problemsOf(checkDefinition({ elections: [election({ candidates, description: 'x'.repeat(201) })] })),
    ).toEqual([
      { path: '/elections/0/description', message: 'must be 1 to 200 characters' },
      { path: '/elections/0/candidates', message: `must list at most ${MAX_CANDIDATES}` },
    ]);
  });

  it('refuses a document that is not a mapping with elections', () => {
    expect(problemsOf(checkDefinition(null))).toEqual([{ path: '', message: 'must be a mapping of fields' }]);
    expect(problemsOf(checkDefinition({ elections: [] }))).toEqual([
      { path: '/elections', message: 'must list at least 1' },
    ]);
  });
});

describe('electionDigest', () => {
  const defined = () => {
    const check = checkDefinition({ elections: [election()] });
    if (!check.ok) throw new Error('fixture');
    return check.definition.elections[0] as NonNullable<(typeof check.definition.elections)[0]>;
  };

  it('is the same for the same instant written with another offset on the same day', () => {
    const other = checkDefinition({
      elections: [election({ opensAt: '2026-05-01T06:00:00Z', closesAt: '2026-05-01T18:00:00.000Z' })],
    });
    expect(other.ok && electionDigest(other.definition.elections[0]!)).toBe(electionDigest(defined()));
  });

  it.each([
    ['description', { description: 'Mayor of the city' }],
    ['closesAt', { closesAt: '2026-05-01T18:00:01.000Z' }],
    ['results', { results: 'live' as const }],
    ['candidate order', { candidates: [...defined().candidates].reverse() }],
    ['a candidate name', { candidates: [{ candidateId: 'c1', fullName: 'Ada King' }] }],
  ])('changes with %s', (_, change) => {
    expect(electionDigest({ ...defined(), ...change })).not.toBe(electionDigest(defined()));
  });

  it('is written on the election item with the attributes a definition owns, and only those', () => {
    expect(Object.keys(electionAttributes(defined())).sort()).toEqual(
      [
        'candidateIds',
        'closesAt',
        'date',
        'definitionDigest',
        'description',
        'electionId',
        'opensAt',
        'results',
      ].sort(),
    );
  });

  it("lists the election's candidates on the election item, in the definition's order", () => {
    const election = {
      ...defined(),
      candidates: [
        { candidateId: 'c2', fullName: 'Bo Bell' },
        { candidateId: 'c1', fullName: 'Ada King' },
      ],
    };
    expect(electionAttributes(election).candidateIds).toEqual(['c2', 'c1']);
  });
});
