import { ballotKey, voterKey, voterPartition } from './keys';

describe('voters table keys', () => {
  it('puts a voter profile at VOTER#<id> / PROFILE', () => {
    expect(voterKey('v00001')).toEqual({ pk: 'VOTER#v00001', sk: 'PROFILE' });
  });

  it('puts a ballot under the voter it was issued to', () => {
    expect(ballotKey('v00001', 'b00001')).toEqual({ pk: 'VOTER#v00001', sk: 'BALLOT#b00001' });
  });

  it('keeps the profile and the ballots of one voter in one partition', () => {
    expect(ballotKey('v1', 'b1').pk).toBe(voterKey('v1').pk);
    expect(voterPartition('v1')).toBe('VOTER#v1');
  });

  it('gives the same ballot id under two voters two different keys', () => {
    expect(ballotKey('v1', 'b1')).not.toEqual(ballotKey('v2', 'b1'));
  });
});
