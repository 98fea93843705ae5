import { importVotersRequest, MAX_TRANSACTION_VOTERS, readCancellation } from './requests';

const voter = { voterId: 'c10001', fullName: 'Ada Lovelace', email: 'ada@example.org', derivedId: false };

const grace = { voterId: 'c10003', fullName: 'Grace Hopper', derivedId: false };

describe('the import transaction of a chunk of voters', () => {
  const request = importVotersRequest('voters-table', [
    { voter, ballotId: 'b'.repeat(22) },
    { voter: grace, ballotId: 'g'.repeat(22) },
  ]);

  it('puts the profile only if the voter is absent, returning the stored one otherwise', () => {
    expect(request.TransactItems?.[0]).toEqual({
      Put: {
        TableName: 'voters-table',
        Item: {
          pk: 'VOTER#c10001',
          sk: 'PROFILE',
          entity: 'Voter',
          voterId: 'c10001',
          fullName: 'Ada Lovelace',
          email: 'ada@example.org',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  });

  it('puts one ISSUED ballot in the same transaction, also conditionally; voter j is actions 2j and 2j+1', () => {
    expect(request.TransactItems).toHaveLength(4);
    expect(request.TransactItems?.[2]?.Put?.Item).toMatchObject({ sk: 'PROFILE', voterId: 'c10003' });
    expect(request.TransactItems?.[3]?.Put?.Item).toMatchObject({ sk: `BALLOT#${'g'.repeat(22)}`, voterId: 'c10003' });
    expect(request.TransactItems?.[1]).toEqual({
      Put: {
        TableName: 'voters-table',
        Item: {
          pk: 'VOTER#c10001',
          sk: `BALLOT#${'b'.repeat(22)}`,
          entity: 'Ballot',
          voterId: 'c10001',
          ballotId: 'b'.repeat(22),
          ballotState: 'ISSUED',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('carries a request token fixed by voter and ballot (at most 36 characters), so an SDK retry is idempotent', () => {
    expect(request.ClientRequestToken).toMatch(/^[0-9a-f]{36}$/);
    const again = importVotersRequest('voters-table', [
      { voter, ballotId: 'b'.repeat(22) },
      { voter: grace, ballotId: 'g'.repeat(22) },
    ]);
    expect(again.ClientRequestToken).toBe(request.ClientRequestToken);
    const other = importVotersRequest('voters-table', [{ voter, ballotId: 'b'.repeat(22) }]);
    expect(other.ClientRequestToken).not.toBe(request.ClientRequestToken);
  });

  it('holds 1 to 50 voters (DynamoDB takes 100 actions)', () => {
    const many = Array.from({ length: MAX_TRANSACTION_VOTERS + 1 }, (_, index) => ({
      voter: { ...voter, voterId: `v${index}` },
      ballotId: `b${index}`,
    }));
    expect(importVotersRequest('t', many.slice(0, MAX_TRANSACTION_VOTERS)).TransactItems).toHaveLength(100);
    expect(() => importVotersRequest('t', many)).toThrow(/1 to 50 voters/);
    expect(() => importVotersRequest('t', [])).toThrow(/1 to 50 voters/);
  });
});

describe('reading a cancelled import transaction', () => {
  const cancelled = (reasons: object[]) =>
    Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: reasons,
    });

  it('names the voters present by position, with their stored profiles unmarshalled', () => {
    expect(
      readCancellation(
        cancelled([
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Item: { fullName: { S: 'Ada' }, voterId: { S: 'c1' } } },
          { Code: 'None' },
        ]),
      ),
    ).toEqual({ kind: 'present', present: new Map([[1, { fullName: 'Ada', voterId: 'c1' }]]) });
  });

  it('treats a failed ballot condition as unexpected (an id drawn twice), not as a voter present', () => {
    expect(readCancellation(cancelled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }]))).toEqual({
      kind: 'other',
      reasons: 'ConditionalCheckFailed on action 1',
    });
  });

  it('tells a conflict with a concurrent transaction (to try again) from other reasons (to raise)', () => {
    expect(readCancellation(cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }]))).toEqual({
      kind: 'conflict',
    });
    expect(readCancellation(cancelled([{ Code: 'None' }, { Code: 'ValidationError' }]))).toEqual({
      kind: 'other',
      reasons: 'ValidationError on action 1',
    });
  });

  it('tells a throttled transaction (to try again after a longer pause), whichever item was throttled', () => {
    expect(readCancellation(cancelled([{ Code: 'None' }, { Code: 'None' }, { Code: 'ThrottlingError' }]))).toEqual({
      kind: 'throttled',
    });
    expect(readCancellation(cancelled([{ Code: 'ProvisionedThroughputExceeded' }, { Code: 'None' }]))).toEqual({
      kind: 'throttled',
    });
  });

  it('leaves any other error alone', () => {
    expect(readCancellation(new Error('socket hang up'))).toBeUndefined();
  });
});
