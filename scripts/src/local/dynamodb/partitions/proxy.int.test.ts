/**
 * The partition model in front of a real DynamoDB Local: a hot item throttled at its scaled
 * limit with the SDK seeing AWS's throttle, the SDK's own retries then getting every write
 * through exactly once, and overlapping transactions cancelled with TransactionConflict.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../client';
import { startDynamoDbLocal, type DynamoDbLocal } from '../server';
import { freePort } from '../../net';
import { PartitionProxy, STATS_PATH, type PartitionProxyOptions } from './proxy';

const TABLE = 'partition-model-test';
const REGION = 'eu-west-1';
let dynamo: DynamoDbLocal;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoClient(dynamo.endpoint, REGION);
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  client.destroy();
}, 120_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await dynamo?.stop();
});

/** A proxy in front of this file's DynamoDB Local, and a document client through it with `maxAttempts` (1: no retries). */
async function through(options: Omit<PartitionProxyOptions, 'upstream'>, maxAttempts: number) {
  const proxy = await PartitionProxy.start({ upstream: dynamo.endpoint, ...options });
  const client: DynamoDBClient = localDynamoClient(proxy.endpoint, REGION, { maxAttempts });
  cleanups.push(
    () => proxy.stop(),
    () => client.destroy(),
  );
  return { proxy, db: DynamoDBDocumentClient.from(client) };
}

const add = (pk: string, sk: string) =>
  new UpdateCommand({
    TableName: TABLE,
    Key: { pk, sk },
    UpdateExpression: 'ADD n :one',
    ExpressionAttributeValues: { ':one': 1 },
  });

async function counter(db: DynamoDBDocumentClient, pk: string, sk: string): Promise<number | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }));
  return Item?.n as number | undefined;
}

it('throttles a single hot item at its scaled limit with ProvisionedThroughputExceededException, and nothing refused is written', async () => {
  // A clock that does not move: the bucket holds one second's worth, 1000 x 0.02 = 20 write units.
  const { proxy, db } = await through({ scale: 0.02, now: () => 0 }, 1);
  const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => db.send(add('hot', 'item'))));
  const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
  expect(outcomes.length - refused.length).toBe(20);
  expect(new Set(refused.map((outcome) => (outcome as PromiseRejectedResult).reason.name))).toEqual(
    new Set(['ProvisionedThroughputExceededException']),
  );
  expect(await counter(db, 'hot', 'item')).toBe(20);
  const stats = (await (await fetch(`${proxy.endpoint}${STATS_PATH}`)).json()) as ReturnType<PartitionProxy['stats']>;
  expect(stats).toMatchObject({
    limits: { writeUnits: 20 },
    throttled: { write: 40 },
    throttledRequests: { UpdateItem: 40 },
  });
  expect(stats.hottest[0]).toMatchObject({ table: TABLE, partitionKey: 'S:hot', throttledWrites: 40 });
});

it("with the SDK's own retries every write to the hot item gets through exactly once", async () => {
  // 10 write units a second for the item; 60 writes from 20 callers at once need several seconds of retries.
  const { proxy, db } = await through({ scale: 0.01 }, 20);
  const writes = 60;
  let next = 0;
  const caller = async () => {
    while (next < writes) {
      next++;
      await db.send(add('retried', 'item'));
    }
  };
  await Promise.all(Array.from({ length: 20 }, caller));
  expect(await counter(db, 'retried', 'item')).toBe(writes);
  const stats = proxy.stats();
  expect(stats.throttled.write).toBeGreaterThan(0);
  console.log(
    `partition model: ${writes} writes to one item at ${stats.limits.writeUnits} units/s, ${stats.throttled.write} throttled and retried by the SDK, none lost`,
  );
}, 120_000);

it('cancels a transaction that overlaps another on one item with TransactionConflict; retried, it succeeds', async () => {
  const holding: { release?: () => void; held?: () => void } = {};
  const held = new Promise<void>((resolve) => (holding.held = resolve));
  const release = new Promise<void>((resolve) => (holding.release = resolve));
  let first = true;
  const { proxy, db } = await through(
    {
      scale: 1,
      beforeTransactionForwarded: async () => {
        if (!first) return;
        first = false;
        holding.held?.();
        await release;
      },
    },
    1,
  );
  const count = (marker: string) =>
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: { pk: 'candidate', sk: 'c1' },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { pk: 'marker', sk: marker },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
  const firstTransaction = db.send(count('m1'));
  await held;
  const conflict = await db.send(count('m2')).catch((error: Error) => error);
  expect(conflict).toMatchObject({
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });
  // A plain write to the item the transaction holds is refused as AWS refuses it.
  await expect(db.send(add('candidate', 'c1'))).rejects.toMatchObject({ name: 'TransactionConflictException' });
  holding.release?.();
  await firstTransaction;
  await db.send(count('m2'));
  expect(await counter(db, 'candidate', 'c1')).toBe(2);
  expect(proxy.stats().conflicts).toEqual({ transactionsCancelled: 1, writesRefused: 1, readsCancelled: 0 });
});
