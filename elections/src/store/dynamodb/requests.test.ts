import {
  batchGetKeysRequest,
  candidateKeysOf,
  electionKeysOf,
  countVoteRequest,
  CountItem,
  MAX_BATCH_GET_KEYS,
  putVoteRequest,
} from './requests';

describe('electionKeysOf and candidateKeysOf', () => {
  const votes = [
    { electionId: 'e1', candidateId: 'c1' },
    { electionId: 'e2', candidateId: 'c2' },
    { electionId: 'e1', candidateId: 'c3' },
  ];

  it("name each vote's election DETAIL once, and each vote's candidate", () => {
    expect(electionKeysOf(votes)).toEqual([
      { pk: 'ELECTION#e1', sk: 'DETAIL' },
      { pk: 'ELECTION#e2', sk: 'DETAIL' },
    ]);
    expect(candidateKeysOf(votes)).toEqual([
      { pk: 'ELECTION#e1', sk: 'CANDIDATE#c1' },
      { pk: 'ELECTION#e2', sk: 'CANDIDATE#c2' },
      { pk: 'ELECTION#e1', sk: 'CANDIDATE#c3' },
    ]);
  });

  it('name each key once (BatchGetItem refuses duplicate keys)', () => {
    const vote = { electionId: 'e1', candidateId: 'c1' };
    expect(electionKeysOf([vote, vote])).toHaveLength(1);
    expect(candidateKeysOf([vote, vote])).toHaveLength(1);
  });

  it('fit the largest ballot (50 votes) in one BatchGetItem each', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ electionId: `e${i}`, candidateId: `c${i}` }));
    expect(electionKeysOf(many).length).toBeLessThanOrEqual(MAX_BATCH_GET_KEYS);
    expect(candidateKeysOf(many).length).toBeLessThanOrEqual(MAX_BATCH_GET_KEYS);
  });
});

describe('batchGetKeysRequest', () => {
  it('reads the keys strongly consistent, projecting only the keys', () => {
    const keys = [{ pk: 'ELECTION#e1', sk: 'DETAIL' }];
    expect(batchGetKeysRequest('elections', keys)).toEqual({
      RequestItems: { elections: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, sk' } },
    });
  });

  it('reads eventually consistent when asked, projecting the keys and the attributes named', () => {
    const keys = [{ pk: 'ELECTION#e1#TALLY#0', sk: 'CANDIDATE#c1' }];
    expect(batchGetKeysRequest('elections', keys, ['voteCount'], false)).toEqual({
      RequestItems: { elections: { Keys: keys, ProjectionExpression: 'pk, sk, voteCount' } },
    });
  });

  it('refuses an empty or oversized batch', () => {
    const key = { pk: 'p', sk: 's' };
    expect(() => batchGetKeysRequest('t', [])).toThrow(RangeError);
    expect(() =>
      batchGetKeysRequest(
        't',
        Array.from({ length: 101 }, () => key),
      ),
    ).toThrow(RangeError);
  });
});

describe('putVoteRequest', () => {
  const request = putVoteRequest('elections', {
    voteId: 'abc',
    ballotId: 'b1',
    electionId: 'e1',
    candidateId: 'c1',
    castAt: '2024-05-01T10:00:00.000Z',
  });

  it("puts the vote item in its election's votes shard ('abc' is shard 11), recording its entity", () => {
    expect(request).toMatchObject({
      TableName: 'elections',
      Item: {
        pk: 'ELECTION#e1#VOTES#11',
        sk: 'VOTE#abc',
        entity: 'Vote',
        voteId: 'abc',
        ballotId: 'b1',
        electionId: 'e1',
        candidateId: 'c1',
        castAt: '2024-05-01T10:00:00.000Z',
      },
    });
  });

  it('only if no item has the key yet', () => {
    expect(request.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('holds no voter identity', () => {
    expect(Object.keys(request.Item ?? {}).sort()).toEqual(
      ['pk', 'sk', 'entity', 'voteId', 'ballotId', 'electionId', 'candidateId', 'castAt'].sort(),
    );
  });
});

describe('countVoteRequest', () => {
  const request = countVoteRequest('elections', {
    voteId: 'abc',
    electionId: 'e1',
    candidateId: 'c1',
    countedAt: '2024-05-01T10:00:00.000Z',
  });
  const items = request.TransactItems ?? [];

  it('is one transaction of two writes', () => {
    expect(items).toHaveLength(2);
  });

  it('puts the COUNTED marker only if absent', () => {
    expect(items[CountItem.Marker]).toEqual({
      Put: {
        TableName: 'elections',
        Item: {
          pk: 'ELECTION#e1#COUNTED#11',
          sk: 'COUNTED#abc',
          entity: 'CountMarker',
          voteId: 'abc',
          candidateId: 'c1',
          countedAt: '2024-05-01T10:00:00.000Z',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it("adds one to the candidate's tally shard of this vote, noting when, only if the shard exists", () => {
    expect(items[CountItem.Candidate]).toEqual({
      Update: {
        TableName: 'elections',
        Key: { pk: 'ELECTION#e1#TALLY#11', sk: 'CANDIDATE#c1' },
        UpdateExpression: 'ADD voteCount :one SET countedAt = :countedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ':countedAt': '2024-05-01T10:00:00.000Z' },
      },
    });
  });
});

describe('the unsharded layout (shards = 1), for the benchmark', () => {
  it('puts every vote, marker and count of an election on shard 0', () => {
    const count = { voteId: 'abc', electionId: 'e1', candidateId: 'c1', countedAt: '2024-05-01T10:00:00.000Z' };
    const items = countVoteRequest('elections', count, 1).TransactItems ?? [];
    expect(items[CountItem.Marker]?.Put?.Item?.pk).toBe('ELECTION#e1#COUNTED#0');
    expect(items[CountItem.Candidate]?.Update?.Key).toEqual({ pk: 'ELECTION#e1#TALLY#0', sk: 'CANDIDATE#c1' });
    expect(putVoteRequest('elections', { ...count, ballotId: 'b1', castAt: count.countedAt }, 1).Item?.pk).toBe(
      'ELECTION#e1#VOTES#0',
    );
  });
});
