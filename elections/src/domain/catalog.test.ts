import { catalogOf } from './catalog';

describe('catalogOf', () => {
  const catalog = catalogOf({
    elections: [{ electionId: 'e1' }, { electionId: 'e2' }],
    candidates: [
      { electionId: 'e1', candidateId: 'c1' },
      { electionId: 'e2', candidateId: 'c2' },
    ],
  });

  it('knows the elections it was given', () => {
    expect(catalog.hasElection('e1')).toBe(true);
    expect(catalog.hasElection('e3')).toBe(false);
  });

  it('knows a candidate only in the election it stands in', () => {
    expect(catalog.hasCandidate({ electionId: 'e1', candidateId: 'c1' })).toBe(true);
    expect(catalog.hasCandidate({ electionId: 'e2', candidateId: 'c1' })).toBe(false);
  });
});

describe('catalogOf with windows', () => {
  const window = { opensAt: '2026-11-03T08:00:00.000Z', closesAt: '2026-11-03T20:00:00.000Z' };
  const catalog = catalogOf({ elections: [{ electionId: 'e1', window }, { electionId: 'e2' }], candidates: [] });

  it("gives an election's window, none for an election without one or an unknown election", () => {
    expect(catalog.hasElection('e1')).toBe(true);
    expect(catalog.windowOf('e1')).toEqual(window);
    expect(catalog.windowOf('e2')).toBeUndefined();
    expect(catalog.windowOf('e3')).toBeUndefined();
  });
});
