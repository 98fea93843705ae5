import { planOf, queriedPartitionKey, readCharges, updateUnits, type RequestPlan } from './requests';
import type { TableKeys } from './keys';

const KEYS: Record<string, TableKeys> = {
  votes: { table: { hash: 'pk', range: 'sk' }, indexes: { byVoter: { hash: 'voterId', range: 'sk', global: true } } },
  ballots: { table: { hash: 'ballotId' }, indexes: {} },
};
const keysOf = (table: string) => KEYS[table];
const text = (bytes: number) => ({ S: 'x'.repeat(bytes) });

/** Units and kinds of a plan's touches, in order. */
function costs(plan: RequestPlan | undefined): [string, number][] {
  return (plan?.touches ?? []).map((touch) => [touch.kind, touch.units]);
}

describe('planOf: the units AWS charges each operation at admission', () => {
  const key = { pk: { S: 'e1' }, sk: { S: 'c1' } };
  it.each([
    [
      'PutItem of a 100-byte item: 1 write unit',
      'PutItem',
      { TableName: 'votes', Item: { ...key, v: text(80) } },
      [['write', 1]],
    ],
    [
      'PutItem of a 1,500-byte item: 2 write units (1 per started KB)',
      'PutItem',
      { TableName: 'votes', Item: { ...key, v: text(1500) } },
      [['write', 2]],
    ],
    [
      'UpdateItem ADD: 1 write unit (key and values sent)',
      'UpdateItem',
      {
        TableName: 'votes',
        Key: key,
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
      [['write', 1]],
    ],
    ['DeleteItem: 1 write unit', 'DeleteItem', { TableName: 'votes', Key: key }, [['write', 1]]],
    [
      'GetItem strongly consistent: admitted on 1 read unit',
      'GetItem',
      { TableName: 'votes', Key: key, ConsistentRead: true },
      [['read', 1]],
    ],
    ['GetItem eventually consistent: admitted on 0.5', 'GetItem', { TableName: 'votes', Key: key }, [['read', 0.5]]],
    [
      'TransactWriteItems: 2 units per KB of each item, ConditionCheck included',
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: 'votes', Item: { ...key, v: text(1500) } } },
          {
            Update: {
              TableName: 'votes',
              Key: { pk: { S: 'e1' }, sk: { S: 'c2' } },
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
          {
            ConditionCheck: {
              TableName: 'ballots',
              Key: { ballotId: { S: 'b1' } },
              ConditionExpression: 'attribute_exists(ballotId)',
            },
          },
        ],
      },
      [
        ['write', 4],
        ['write', 2],
        ['write', 2],
      ],
    ],
    [
      'TransactGetItems: 2 read units per 4 KB',
      'TransactGetItems',
      { TransactItems: [{ Get: { TableName: 'votes', Key: key } }] },
      [['read', 2]],
    ],
    [
      'BatchWriteItem: each entry as its own write',
      'BatchWriteItem',
      {
        RequestItems: { votes: [{ PutRequest: { Item: { ...key, v: text(2100) } } }, { DeleteRequest: { Key: key } }] },
      },
      [
        ['write', 3],
        ['write', 1],
      ],
    ],
    [
      'BatchGetItem: each key as its own read',
      'BatchGetItem',
      { RequestItems: { votes: { Keys: [key, key], ConsistentRead: true } } },
      [
        ['read', 1],
        ['read', 1],
      ],
    ],
    [
      'Query: one partition, the minimum at admission',
      'Query',
      {
        TableName: 'votes',
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'pk' },
        ExpressionAttributeValues: { ':p': { S: 'e1' } },
      },
      [['read', 0.5]],
    ],
  ])('%s', (_name, operation, request, expected) => {
    expect(costs(planOf(operation, request as Record<string, unknown>, keysOf))).toEqual(expected);
  });

  it('places an item by its partition key and sort key; a table without a sort key by its partition key alone', () => {
    const put = planOf('PutItem', { TableName: 'votes', Item: { pk: { S: 'e1' }, sk: { S: 'c1' } } }, keysOf);
    expect(put?.touches[0]?.place).toMatchObject({ partitionKey: 'S:e1', itemKey: 'S:e1|S:YzE=' });
    const get = planOf('GetItem', { TableName: 'ballots', Key: { ballotId: { S: 'b1' } } }, keysOf);
    expect(get?.touches[0]?.place).toEqual({ partitionKey: 'S:b1', itemKey: 'S:b1' });
  });

  it("charges a Query on a global index to the index's partitions", () => {
    const plan = planOf(
      'Query',
      {
        TableName: 'votes',
        IndexName: 'byVoter',
        KeyConditionExpression: 'voterId = :v',
        ExpressionAttributeValues: { ':v': { S: 'v9' } },
      },
      keysOf,
    );
    expect(plan?.touches[0]).toMatchObject({ table: 'votes', index: 'byVoter', place: { partitionKey: 'S:v9' } });
  });

  it('leaves alone what it cannot place: Scan, control-plane calls, unknown tables, a key missing its sort key', () => {
    expect(planOf('Scan', { TableName: 'votes' }, keysOf)).toBeUndefined();
    expect(planOf('DescribeTable', { TableName: 'votes' }, keysOf)).toBeUndefined();
    expect(planOf('PutItem', { TableName: 'other', Item: { pk: { S: 'a' } } }, keysOf)).toBeUndefined();
    expect(planOf('GetItem', { TableName: 'votes', Key: { pk: { S: 'a' } } }, keysOf)).toBeUndefined();
  });
});

describe('readCharges: what an answer shows beyond the minimum admitted', () => {
  const key = { pk: { S: 'e1' }, sk: { S: 'c1' } };
  it.each([
    ['a 9 KB item read strongly: 3 units, 2 more than admitted', true, 9000, 2],
    ['a 9 KB item read eventually: 1.5 units, 1 more', false, 9000, 1],
    ['a 3 KB item read strongly: nothing more', true, 3000, undefined],
  ])('GetItem, %s', (_name, consistent, bytes, more) => {
    const request = { TableName: 'votes', Key: key, ConsistentRead: consistent };
    const plan = planOf('GetItem', request, keysOf) as RequestPlan;
    const charges = readCharges(plan, request, { Item: { ...key, v: text(bytes) } }, keysOf);
    expect(charges.map((charge) => charge.units)).toEqual(more === undefined ? [] : [more]);
  });

  it('Query: the returned items summed, then rounded up to 4 KB', () => {
    const request = {
      TableName: 'votes',
      ConsistentRead: true,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'e1' } },
    };
    const plan = planOf('Query', request, keysOf) as RequestPlan;
    const items = Array.from({ length: 10 }, (_, index) => ({
      pk: { S: 'e1' },
      sk: { S: `c${index}` },
      v: text(1000),
    }));
    // ~10,060 bytes: 3 blocks of 4 KB, strongly consistent: 3 units, 1 admitted.
    expect(readCharges(plan, request, { Items: items }, keysOf).map((charge) => charge.units)).toEqual([2]);
  });

  it('TransactGetItems: twice the strongly consistent units', () => {
    const request = { TransactItems: [{ Get: { TableName: 'votes', Key: key } }] };
    const plan = planOf('TransactGetItems', request, keysOf) as RequestPlan;
    const charges = readCharges(plan, request, { Responses: [{ Item: { ...key, v: text(5000) } }] }, keysOf);
    expect(charges.map((charge) => charge.units)).toEqual([2]);
  });
});

describe('partition key of a Query and size of an update', () => {
  it.each([
    ['pk = :p', {}, 'e1'],
    ['#k = :p AND begins_with(sk, :s)', { '#k': 'pk' }, 'e1'],
    ['(sk > :s) AND :p = pk', {}, 'e1'],
  ])('finds the partition key in %s', (expression, names, expected) => {
    const request = {
      KeyConditionExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':p': { S: 'e1' }, ':s': { S: 'x' } },
    };
    expect(queriedPartitionKey(request, 'pk')).toEqual({ S: expected });
  });

  it('an update that sends 3 KB of values costs 3 write units', () => {
    expect(updateUnits({ Key: { pk: { S: 'a' } }, ExpressionAttributeValues: { ':v': text(3000) } })).toBe(3);
  });
});
