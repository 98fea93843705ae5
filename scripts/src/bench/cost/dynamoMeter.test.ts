import { trafficKey, withCapacityRequested } from './dynamoMeter';

describe('withCapacityRequested', () => {
  it('asks for consumed capacity on operations that take it, and leaves the rest alone', () => {
    const put = Buffer.from(JSON.stringify({ TableName: 't', Item: {} }));
    expect(JSON.parse(withCapacityRequested('PutItem', put).toString())).toEqual({
      TableName: 't',
      Item: {},
      ReturnConsumedCapacity: 'INDEXES',
    });
    expect(withCapacityRequested('DescribeTable', put)).toBe(put);
    const asked = Buffer.from(JSON.stringify({ TableName: 't', ReturnConsumedCapacity: 'NONE' }));
    expect(withCapacityRequested('GetItem', asked)).toBe(asked);
  });
});

describe('trafficKey', () => {
  it('names the operation and the service owning the table, for single-item, transaction and batch requests', () => {
    expect(trafficKey('PutItem', { TableName: 'evote-bench-audit', Item: {} })).toBe('PutItem audit');
    expect(trafficKey('TransactWriteItems', { TransactItems: [{ Put: { TableName: 'evote-bench-elections' } }] })).toBe(
      'TransactWriteItems elections',
    );
    expect(trafficKey('BatchGetItem', { RequestItems: { 'evote-bench-voters': { Keys: [] } } })).toBe(
      'BatchGetItem voters',
    );
    expect(trafficKey('ListTables', {})).toBe('ListTables');
  });
});
