import { TALLY_SHARDS } from './keys';
import { candidateLabelOf, emptyTallyShards, sumTallyShards } from './tallies';

const shard = (candidateId: string, voteCount: number, countedAt?: string) => ({
  entity: 'TallyShard',
  electionId: 'e1',
  candidateId,
  voteCount,
  ...(countedAt ? { countedAt } : {}),
});

describe('sumTallyShards', () => {
  it("adds up each candidate's shards, keeping the latest countedAt, and ignores other items", () => {
    const sums = sumTallyShards([
      shard('a', 2, '2026-11-03T10:00:00.000Z'),
      shard('a', 5, '2026-11-03T10:07:00.000Z'),
      shard('a', 0),
      shard('b', 1, '2026-11-03T10:01:00.000Z'),
      { entity: 'Candidate', electionId: 'e1', candidateId: 'a', voteCount: 100 },
      { entity: 'Vote', electionId: 'e1', candidateId: 'a' },
    ]);
    expect(Object.fromEntries(sums)).toEqual({
      [candidateLabelOf('e1', 'a')]: { voteCount: 7, countedAt: '2026-11-03T10:07:00.000Z' },
      [candidateLabelOf('e1', 'b')]: { voteCount: 1, countedAt: '2026-11-03T10:01:00.000Z' },
    });
  });

  it('has no countedAt for a candidate whose shards were never counted', () => {
    expect(sumTallyShards([shard('a', 0), shard('a', 0)]).get('e1/a')).toEqual({ voteCount: 0, countedAt: undefined });
  });
});

describe('emptyTallyShards', () => {
  it('writes one zero shard per shard number, each under its own partition key', () => {
    const items = emptyTallyShards('e1', 'a');
    expect(items).toHaveLength(TALLY_SHARDS);
    expect(new Set(items.map((item) => item.pk)).size).toBe(TALLY_SHARDS);
    expect(items.filter((item) => item.voteCount !== 0 || item.sk !== 'CANDIDATE#a')).toEqual([]);
    expect(sumTallyShards(items).get('e1/a')?.voteCount).toBe(0);
  });
});
