/** Reading an entity's history: its entries in stream order, then the events they point to. */
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { EvoteError } from '@evote/shared';
import type { DocumentSender } from './auditTable';
import type { FactName } from '../../domain/auditId';
import { eventKeyOfEntry, type Key } from '../../domain/keys';

export interface HistoryPage {
  /** Each event's envelope, plus `revision` in the streams that carry revisions. */
  events: Record<string, unknown>[];
  /** The key to continue after; absent on the last page. */
  lastKey?: Key;
}

/** BatchGetItem reads at most 100 keys; unprocessed keys are retried a few times. */
const MAX_BATCH_ROUNDS = 5;

export function historyQuery(tableName: string, partition: string, limit: number, startKey?: Key): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ScanIndexForward: true,
    Limit: limit,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** One page of an entity's history, each entry replaced by the full event it points to. */
export async function readHistoryPage(
  client: DocumentSender,
  tableName: string,
  partition: string,
  limit: number,
  startKey?: Key,
): Promise<HistoryPage> {
  const page = await client.send(new QueryCommand(historyQuery(tableName, partition, limit, startKey)));
  const entries = (page.Items ?? []) as (FactName & { revision?: number })[];
  const keys = entries.map(eventKeyOfEntry);
  const items = await batchGet(client, tableName, keys);
  const events = entries.map((entry, index) => {
    const key = keys[index] as Key;
    const item = items.get(`${key.pk}\n${key.sk}`);
    if (!item)
      throw new EvoteError('AUDIT_EVENT_MISSING', `audit entry points to ${key.pk}, which is not in the table`);
    const event = item.event as Record<string, unknown>;
    // Ballot and voter streams number their entries; the revision is the event's place in the stream.
    return entry.revision === undefined ? event : { ...event, revision: Number(entry.revision) };
  });
  const lastKey = page.LastEvaluatedKey as Key | undefined;
  return { events, ...(lastKey ? { lastKey: { pk: lastKey.pk, sk: lastKey.sk } } : {}) };
}

async function batchGet(
  client: DocumentSender,
  tableName: string,
  keys: readonly Key[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending = [...new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_BATCH_ROUNDS)
      throw new EvoteError('BATCH_GET_INCOMPLETE', `${pending.length} audit events still unread`);
    const result = await client.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending.slice(0, 100) } } }),
    );
    for (const item of result.Responses?.[tableName] ?? []) found.set(`${String(item.pk)}\n${String(item.sk)}`, item);
    const unprocessed = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    pending = [...unprocessed, ...pending.slice(100)];
  }
  return found;
}
