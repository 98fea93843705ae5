import { candidateKey, catalogEntry, countMarkerKey, electionKey, electionPartition, keyId, voteKey } from './keys';

describe('elections table keys', () => {
  it('puts an election at ELECTION#<e> / DETAIL', () => {
    expect(electionKey('e1')).toEqual({ pk: 'ELECTION#e1', sk: 'DETAIL' });
  });

  it('puts a candidate at ELECTION#<e> / CANDIDATE#<c>', () => {
    expect(candidateKey('e1', 'c1')).toEqual({ pk: 'ELECTION#e1', sk: 'CANDIDATE#c1' });
  });

  it('puts a vote at ELECTION#<e> / VOTE#<voteId>', () => {
    expect(voteKey('e1', 'v1')).toEqual({ pk: 'ELECTION#e1', sk: 'VOTE#v1' });
  });

  it('puts a count marker at ELECTION#<e> / COUNTED#<voteId>', () => {
    expect(countMarkerKey('e1', 'v1')).toEqual({ pk: 'ELECTION#e1', sk: 'COUNTED#v1' });
  });

  it('keeps everything about one election in its partition', () => {
    const pks = [electionKey('e1'), candidateKey('e1', 'c'), voteKey('e1', 'v'), countMarkerKey('e1', 'v')].map(
      (key) => key.pk,
    );
    expect(new Set(pks)).toEqual(new Set([electionPartition('e1')]));
  });

  it('gives a vote and its count marker different keys', () => {
    expect(keyId(voteKey('e1', 'x'))).not.toBe(keyId(countMarkerKey('e1', 'x')));
  });

  it('gives distinct keys distinct ids', () => {
    expect(keyId(electionKey('e1'))).toBe(keyId({ pk: 'ELECTION#e1', sk: 'DETAIL' }));
    expect(keyId(electionKey('e1'))).not.toBe(keyId(electionKey('e2')));
  });
});

describe('the catalog index', () => {
  it('lists an election and its candidates in one partition, each election together', () => {
    expect(catalogEntry('e1')).toEqual({ catalogPk: 'CATALOG', catalogSk: 'ELECTION#e1#DETAIL' });
    expect(catalogEntry('e1', 'c1')).toEqual({ catalogPk: 'CATALOG', catalogSk: 'ELECTION#e1#CANDIDATE#c1' });
  });
});
