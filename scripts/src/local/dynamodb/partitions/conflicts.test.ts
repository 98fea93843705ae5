import { ItemClaims } from './conflicts';
import { parsePartitionLimits } from './setting';
import { splitBatch, withUnprocessed } from './batches';
import { transactionCanceled } from './answers';
import type { Touch } from './requests';

describe('ItemClaims: transaction conflicts', () => {
  it('cancels a transaction that overlaps one in flight, naming the item; frees the items when the first ends', () => {
    const claims = new ItemClaims();
    const first = claims.claimTransaction(['t a', 't b']);
    expect(first.conflicts).toEqual([false, false]);
    expect(claims.claimTransaction(['t c', 't b']).conflicts).toEqual([false, true]);
    first.release?.();
    expect(claims.claimTransaction(['t c', 't b']).release).toBeDefined();
    expect(claims.stats()).toEqual({ transactionsCancelled: 1, writesRefused: 0, readsCancelled: 0 });
  });

  it('refuses a single write to an item a transaction holds, not one to another item, nor two plain writes to one item', () => {
    const claims = new ItemClaims();
    claims.claimTransaction(['t a']);
    expect(claims.claimWrite(['t a']).conflict).toBe(true);
    expect(claims.claimWrite(['t b']).conflict).toBe(false);
    expect(claims.claimWrite(['t b']).conflict).toBe(false);
    expect(claims.claimTransaction(['t b']).conflicts).toEqual([false]);
  });

  it('cancels a transactional read of an item any write in flight holds', () => {
    const claims = new ItemClaims();
    const write = claims.claimWrite(['t a']);
    expect(claims.checkTransactionalRead(['t a', 't b'])).toEqual([true, false]);
    write.release?.();
    expect(claims.checkTransactionalRead(['t a'])).toEqual([false]);
  });
});

describe('EVOTE_LOCAL_PARTITION_LIMITS', () => {
  it.each([
    [undefined, 'off'],
    ['', 'off'],
    ['off', 'off'],
    ['on', { scale: 0.01 }],
    ['scale=0.05', { scale: 0.05 }],
    ['0.2', { scale: 0.2 }],
    ['scale=1', { scale: 1 }],
  ])('%s reads as %j', (text, expected) => {
    expect(parsePartitionLimits(text)).toEqual(expected);
  });

  it.each(['yes', 'scale=0', 'scale=2', 'scale=-0.1', 'scale='])('refuses %s, naming the forms it takes', (text) => {
    expect(() => parsePartitionLimits(text)).toThrow(/must be "off", "on" .* or "scale=<factor>"/);
  });
});

describe('batches admitted in part', () => {
  const touchOf = (table: string, position: number): Touch => ({
    table,
    kind: 'write',
    units: 1,
    place: { partitionKey: 'S:x', itemKey: 'x' },
    entry: { table, position },
  });

  it('BatchWriteItem: the refused entries come back in UnprocessedItems, after those DynamoDB left', () => {
    const request = { RequestItems: { a: [{ PutRequest: 1 }, { PutRequest: 2 }], b: [{ DeleteRequest: 3 }] } };
    const split = splitBatch(
      'BatchWriteItem',
      request,
      [touchOf('a', 0), touchOf('a', 1), touchOf('b', 0)],
      [true, false, false],
    );
    expect(split.admitted).toEqual({ RequestItems: { a: [{ PutRequest: 1 }] } });
    expect(split.unprocessed).toEqual({ a: [{ PutRequest: 2 }], b: [{ DeleteRequest: 3 }] });
    expect(
      withUnprocessed('BatchWriteItem', { UnprocessedItems: { a: [{ PutRequest: 9 }] } }, split.unprocessed),
    ).toEqual({
      UnprocessedItems: { a: [{ PutRequest: 9 }, { PutRequest: 2 }], b: [{ DeleteRequest: 3 }] },
    });
  });

  it("BatchGetItem: refused keys come back in UnprocessedKeys with the table's other parameters", () => {
    const request = { RequestItems: { a: { Keys: ['k0', 'k1'], ConsistentRead: true } } };
    const split = splitBatch('BatchGetItem', request, [touchOf('a', 0), touchOf('a', 1)], [false, true]);
    expect(split.admitted).toEqual({ RequestItems: { a: { Keys: ['k1'], ConsistentRead: true } } });
    expect(withUnprocessed('BatchGetItem', { Responses: {} }, split.unprocessed)).toEqual({
      Responses: {},
      UnprocessedKeys: { a: { Keys: ['k0'], ConsistentRead: true } },
    });
  });
});

it('a cancelled transaction lists one reason per item, with a message for each that is not None', () => {
  expect(transactionCanceled(['None', 'TransactionConflict']).body).toEqual({
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
    CancellationReasons: [
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
    ],
  });
});
