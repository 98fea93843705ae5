import { catalogOf } from './catalog';

describe('catalogOf', () => {
  const catalog = catalogOf({
    elections: ['e1', 'e2'],
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
