import type { DefinedElection } from '@evote/elections';
import { candidateRemoval, candidateWrite, electionWrite } from './requests';

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
  it('sets the name and starts voteCount at 0 only when the candidate has none', () => {
    const request = candidateWrite('t', 'mayor26', { candidateId: 'c1', fullName: 'Ada Lovelace' });
    expect(request.Key).toEqual({ pk: 'ELECTION#mayor26', sk: 'CANDIDATE#c1' });
    expect(request.UpdateExpression).toMatch(/, #voteCount = if_not_exists\(#voteCount, :zero\)$/);
    expect(request.UpdateExpression).not.toMatch(/#voteCount = :zero/);
    expect(request.ExpressionAttributeValues).toMatchObject({
      ':fullName': 'Ada Lovelace',
      ':zero': 0,
      ':entity': 'Candidate',
    });
  });
});

describe('candidateRemoval', () => {
  it('deletes a candidate only while it has no votes', () => {
    expect(candidateRemoval('t', 'mayor26', 'c2')).toMatchObject({
      Key: { pk: 'ELECTION#mayor26', sk: 'CANDIDATE#c2' },
      ConditionExpression: 'attribute_not_exists(#voteCount) OR #voteCount = :zero',
    });
  });
});
