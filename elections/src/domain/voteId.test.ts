import { deriveVoteId } from './voteId';

describe('deriveVoteId', () => {
  it('is the first 32 hex characters of sha256(`${ballotId}#${electionId}`)', () => {
    expect(deriveVoteId('b00001', 'e00001')).toBe('0fc3ff2ef39ceca44fbb8201d6fd06b1');
    expect(deriveVoteId('b00001', 'e00002')).toBe('6890982144acccf011b53217b0381500');
    expect(deriveVoteId('abc123', 'def456')).toBe('523509e8772f81641f65a112ad9e5dd1');
  });

  it('is the same on every call (so a redelivery yields the same vote)', () => {
    expect(deriveVoteId('b1', 'e1')).toBe(deriveVoteId('b1', 'e1'));
  });

  it('differs between elections of one ballot and between ballots', () => {
    expect(deriveVoteId('b1', 'e1')).not.toBe(deriveVoteId('b1', 'e2'));
    expect(deriveVoteId('b1', 'e1')).not.toBe(deriveVoteId('b2', 'e1'));
    expect(deriveVoteId('b1', 'e2')).not.toBe(deriveVoteId('e2', 'b1'));
  });

  it('is a valid identifier of the event contracts', () => {
    expect(deriveVoteId('b1', 'e1')).toMatch(/^[0-9a-f]{32}$/);
  });
});
