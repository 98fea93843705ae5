import type { DefinedElection } from '@evote/elections';
import { TALLY_SHARDS } from '@evote/elections';
import { candidateRemoval, candidateWrite, electionWrite, tallyShardWrites } from './requests';

const ELECTION: DefinedElection = {
  electionId: 'mayor26',
  description: 'Mayor',
  opensAt: '2026-05-01T06:00:00.000Z',
  closesAt: '2026-05-01T18:00:00.000Z',
  results: 'live',
  date: '2026-05-01',
  candidates: [{ candidateId: 'c1', fullName: 'Ada Lovelace' }],
};
const NOW = new Date('2026-04-01T00:00:00.000Z');

describe('electionWrite', () => {
  it('creates the item only if absent, setting only what a definition owns', () => {
    const request = electionWrite('t', ELECTION, undefined, NOW);
    expect(request).toMatchObject({
      TableName: 't',
      Key: { pk: 'ELECTION#mayor26', sk: 'DETAIL' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(request.UpdateExpression).toMatch(/^SET /);
    expect(Object.values(request.ExpressionAttributeNames ?? {}).sort()).toEqual(
      [
        'candidateIds',
        'catalogPk',
        'catalogSk',
        'closesAt',
        'date',
        'definitionDigest',
        'description',
        'electionId',
        'entity',
        'opensAt',
        'results',
      ].sort(),
    );
    expect(request.ExpressionAttributeValues).toMatchObject({
      ':opensAt': ELECTION.opensAt,
      ':results': 'live',
      ':entity': 'Election',
      ':candidateIds': ELECTION.candidates.map((candidate) => candidate.candidateId),
    });
  });

  it('updates it only while it holds the digest read and its polls have not opened', () => {
    const request = electionWrite('t', ELECTION, { definitionDigest: 'abc' }, NOW);
    expect(request.ConditionExpression).toBe('#previousDigest = :previousDigest AND #storedOpensAt > :now');
    expect(request.ExpressionAttributeValues).toMatchObject({ ':previousDigest': 'abc', ':now': NOW.toISOString() });
    expect(request.ExpressionAttributeNames).toMatchObject({
      '#previousDigest': 'definitionDigest',
      '#storedOpensAt': 'opensAt',
    });
  });
});

describe('candidateWrite', () => {
  it('sets the name and nothing about votes', () => {
    const request = candidateWrite('t', 'mayor26', { candidateId: 'c1', fullName: 'Ada Lovelace' });
    expect(request.Key).toEqual({ pk: 'ELECTION#mayor26', sk: 'CANDIDATE#c1' });
    expect(request.UpdateExpression).not.toMatch(/voteCount/);
    expect(request.ExpressionAttributeValues).toMatchObject({ ':fullName': 'Ada Lovelace', ':entity': 'Candidate' });
  });
});

describe('tallyShardWrites', () => {
  it('writes every tally shard, starting voteCount at 0 only when the shard has none (never a reset)', () => {
    const writes = tallyShardWrites('t', 'mayor26', 'c1');
    expect(writes.map((write) => write.Key)).toEqual(
      Array.from({ length: TALLY_SHARDS }, (_, shard) => ({
        pk: `ELECTION#mayor26#TALLY#${shard}`,
        sk: 'CANDIDATE#c1',
      })),
    );
    for (const write of writes) {
      expect(write.UpdateExpression).toMatch(/, #voteCount = if_not_exists\(#voteCount, :zero\)$/);
      expect(write.UpdateExpression).not.toMatch(/#voteCount = :zero/);
      expect(write.ExpressionAttributeValues).toMatchObject({
        ':zero': 0,
        ':entity': 'TallyShard',
        ':candidateId': 'c1',
      });
    }
  });
});

describe('candidateRemoval', () => {
  it('deletes a candidate and its tally shards together, only while no shard has a vote', () => {
    const items = candidateRemoval('t', 'mayor26', 'c2').TransactItems ?? [];
    expect(items).toHaveLength(1 + TALLY_SHARDS);
    expect(items[0]?.Delete?.Key).toEqual({ pk: 'ELECTION#mayor26', sk: 'CANDIDATE#c2' });
    for (const item of items.slice(1))
      expect(item.Delete).toMatchObject({
        Key: { pk: expect.stringMatching(/^ELECTION#mayor26#TALLY#\d+$/), sk: 'CANDIDATE#c2' },
        ConditionExpression: 'attribute_not_exists(#voteCount) OR #voteCount = :zero',
      });
  });
});
