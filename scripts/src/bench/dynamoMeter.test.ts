import { itemSize, trafficKey, withCapacityRequested, writeUnitsOf } from './dynamoMeter';

describe('itemSize', () => {
  it('adds up attribute names and values as DynamoDB bills them', () => {
    expect(itemSize({ pk: { S: 'ELECTION#e1' }, sk: { S: 'CANDIDATE#c1' } })).toBe(2 + 11 + 2 + 12);
    expect(itemSize({ voteCount: { N: '0' } })).toBe(9 + 2);
    expect(itemSize({ voteCount: { N: '12345' } })).toBe(9 + 4);
    expect(itemSize({ ok: { BOOL: true }, none: { NULL: true } })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ list: { L: [{ S: 'ab' }, { N: '1' }] } })).toBe(4 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize({ map: { M: { a: { S: 'xyz' } } } })).toBe(3 + 3 + 1 + 1 + 3);
    expect(itemSize({ name: { S: 'Zoë' } })).toBe(4 + 4);
  });

  it('gives one write unit per started KB, at least one', () => {
    expect(writeUnitsOf({ pk: { S: 'x' } })).toBe(1);
    expect(writeUnitsOf({ p: { S: 'x'.repeat(1023) } })).toBe(1);
    expect(writeUnitsOf({ p: { S: 'x'.repeat(1024) } })).toBe(2);
  });
});

describe('withCapacityRequested', () => {
  it('asks for consumed capacity on operations that take it, and leaves the rest alone', () => {
    const put = Buffer.from(JSON.stringify({ TableName: 't', Item: {} }));
    expect(JSON.parse(withCapacityRequested('PutItem', put).toString())).toEqual({ TableName: 't', Item: {}, ReturnConsumedCapacity: 'INDEXES' });
    expect(withCapacityRequested('DescribeTable', put)).toBe(put);
    const asked = Buffer.from(JSON.stringify({ TableName: 't', ReturnConsumedCapacity: 'NONE' }));
    expect(withCapacityRequested('GetItem', asked)).toBe(asked);
  });
});

describe('trafficKey', () => {
  it('names the operation and the service owning the table, for single-item, transaction and batch requests', () => {
    expect(trafficKey('PutItem', { TableName: 'evote-bench-audit', Item: {} })).toBe('PutItem audit');
    expect(trafficKey('TransactWriteItems', { TransactItems: [{ Put: { TableName: 'evote-bench-elections' } }] })).toBe('TransactWriteItems elections');
    expect(trafficKey('BatchGetItem', { RequestItems: { 'evote-bench-voters': { Keys: [] } } })).toBe('BatchGetItem voters');
    expect(trafficKey('ListTables', {})).toBe('ListTables');
  });
});
