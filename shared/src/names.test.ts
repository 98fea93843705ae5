import { DetailType, isFromItsSource, Source, SourceOf } from './names';

describe('isFromItsSource', () => {
  it('accepts each detail-type from the service that emits it, and from no other', () => {
    for (const detailType of Object.values(DetailType)) {
      const others = Object.values(Source).filter((source) => source !== SourceOf[detailType]);
      expect([
        isFromItsSource(detailType, SourceOf[detailType]),
        ...others.map((source) => isFromItsSource(detailType, source)),
      ]).toEqual([true, false, false]);
    }
  });

  it('refuses a detail-type outside the catalog, whatever the source (or none)', () => {
    expect(isFromItsSource('Ballot Shredded', Source.Voters)).toBe(false);
    expect(isFromItsSource('toString', undefined)).toBe(false);
    expect(isFromItsSource('Ballot Shredded', undefined)).toBe(false);
  });
});
