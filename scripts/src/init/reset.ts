import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffMs } from '@evote/shared';

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;
const MAX_UNPROCESSED_ROUNDS = 8;

export interface ResetPlan {
  table: string;
  /** Keys of items that are not in the seed and will be deleted (votes, tally markers, ...). */
  deletes: Item[];
  /** Seed items that will be written (overwriting changed ones, e.g. a voteCount). */
  puts: Item[];
}

export interface ResetProgress {
  table: string;
  done: number;
  total: number;
}

/** Lists what a reset of `table` to `seed` would delete and write. Nothing is changed. */
export async function planReset(db: DynamoDBDocumentClient, table: string, seed: readonly Item[]): Promise<ResetPlan> {
  const seedKeys = new Set(seed.map(keyString));
  const keys = await scanKeys(db, table);
  return { table, deletes: keys.filter((key) => !seedKeys.has(keyString(key))), puts: [...seed] };
}

/** Carries out a plan in batches of 25, retrying unprocessed items with backoff. */
export async function applyReset(
  db: DynamoDBDocumentClient,
  plan: ResetPlan,
  onProgress: (progress: ResetProgress) => void = () => undefined,
): Promise<void> {
  const requests: WriteRequest[] = [
    ...plan.deletes.map((Key) => ({ DeleteRequest: { Key } })),
    ...plan.puts.map((Item) => ({ PutRequest: { Item } })),
  ];
  let done = 0;
  for (let start = 0; start < requests.length; start += BATCH_SIZE) {
    const batch = requests.slice(start, start + BATCH_SIZE);
    await writeBatch(db, plan.table, batch);
    done += batch.length;
    onProgress({ table: plan.table, done, total: requests.length });
  }
}

async function writeBatch(db: DynamoDBDocumentClient, table: string, batch: WriteRequest[]): Promise<void> {
  let pending = batch;
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_UNPROCESSED_ROUNDS)
      throw new Error(`${table}: ${pending.length} writes still unprocessed after ${MAX_UNPROCESSED_ROUNDS} rounds`);
    if (round > 0)
      await new Promise((resolve) => setTimeout(resolve, backoffMs({ baseMs: 100, jitter: 'none' }, round)));
    const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
  }
}

async function scanKeys(db: DynamoDBDocumentClient, table: string): Promise<Item[]> {
  const keys: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    keys.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

function keyString(item: Item): string {
  return `${String(item.pk)}\n${String(item.sk)}`;
}
