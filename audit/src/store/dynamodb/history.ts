/**
 * Reading an entity's history: its entries in stream order, then the events they point to. An
 * election's or a candidate's entries are spread over shards: every shard is read and merged,
 * so the stream reads as one, in the order one partition gave.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { EvoteError } from '@evote/shared';
import type { DocumentSender } from './auditTable';
import type { FactName } from '../../domain/auditId';
import type { EntityRef } from '../../domain/entities';
import { entityPartition, eventKeyOfEntry, streamPartitions, type Key } from '../../domain/keys';
import { queryMerged } from './mergedQuery';

export interface HistoryPage {
  /** Each event's envelope, plus `revision` in the streams that carry revisions. */
  events: Record<string, unknown>[];
  /** The stream (`pk`, its name) and the sort key to continue after; absent on the last page. */
  lastKey?: Key;
}

/** BatchGetItem reads at most 100 keys; unprocessed keys are retried a few times. */
const MAX_BATCH_ROUNDS = 5;

/**
 * One page of an entity's history, each entry replaced by the full event it points to.
 * `startKey` is a page's `lastKey`: the stream's name and the sort key to continue after.
 * A sharded stream costs one query per shard per page (README, "Hot partitions").
 */
export async function readHistoryPage(
  client: DocumentSender,
  tableName: string,
  stream: EntityRef,
  limit: number,
  startKey?: Key,
): Promise<HistoryPage> {
  const page = await queryMerged(client, {
    tableName,
    partitionKey: 'pk',
    partitions: streamPartitions(stream),
    sortKey: 'sk',
    ...(startKey === undefined ? {} : { after: startKey.sk }),
    limit,
  });
  const entries = page.items as unknown as (FactName & { revision?: number })[];
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
  const name = entityPartition(stream.type, stream.id);
  return { events, ...(page.last === undefined ? {} : { lastKey: { pk: name, sk: page.last } }) };
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
