import { voteCast } from '../testing/fixtures';
import { countRecord, voteRecord } from './records';

const at = new Date('2024-05-01T10:00:00.000Z');

describe('voteRecord', () => {
  it('keeps the vote and leaves the voter out (ballot secrecy)', () => {
    const record = voteRecord(voteCast(), at);
    expect(record).toEqual({
      voteId: voteCast().voteId,
      ballotId: 'b00001',
      electionId: 'e00001',
      candidateId: 'c00001',
      castAt: '2024-05-01T10:00:00.000Z',
    });
    expect(JSON.stringify(record)).not.toMatch(/v00001|Ada Lovelace|corr-1/);
  });
});

describe('countRecord', () => {
  it('names the vote, its candidate and the time of counting', () => {
    expect(countRecord(voteCast(), at)).toEqual({
      voteId: voteCast().voteId,
      electionId: 'e00001',
      candidateId: 'c00001',
      countedAt: '2024-05-01T10:00:00.000Z',
    });
  });
});
