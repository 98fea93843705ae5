/**
 * One ordered page over several partitions: a stream spread over shards, read as the one stream
 * it is. Each partition is asked, in parallel, for its first `limit` items after the last sort
 * key of the previous page; the answers are merged by sort key and a page is taken. The stream's
 * readers (history.ts) and the by-type index's (byType.ts) differ only in the names given here.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DocumentSender } from './auditTable';

type Item = Record<string, unknown>;

export interface MergedPage {
  /** At most `limit` items, in sort-key order across every partition. */
  items: Item[];
  /** The sort key to continue after; absent when every partition has been read to its end. */
  last?: string;
}

export interface MergedQuery {
  tableName: string;
  /** The index to query (the by-type index); the table itself without one. */
  indexName?: string;
  /** The partition key's attribute (`pk` on the table, `gsi1pk` on the index) and its values, one per partition. */
  partitionKey: string;
  partitions: readonly string[];
  /** The attribute the partitions are ordered by (`sk` on the table, `gsi1sk` on the index). */
  sortKey: string;
  /** The sort key (or a prefix of one, such as a time) the page starts after; from the start without it. */
  after?: string;
  limit: number;
}

/** One partition's items, the first `limit` after `after`, in sort-key order. */
export function partitionPageQuery(query: MergedQuery, partition: string): QueryCommandInput {
  const { tableName, indexName, partitionKey, sortKey, after, limit } = query;
  return {
    TableName: tableName,
    ...(indexName === undefined ? {} : { IndexName: indexName }),
    // Our key attributes are no reserved words, so the request is as a hand-written one would be.
    KeyConditionExpression:
      after === undefined ? `${partitionKey} = :pk` : `${partitionKey} = :pk AND ${sortKey} > :after`,
    ExpressionAttributeValues: { ':pk': partition, ...(after === undefined ? {} : { ':after': after }) },
    ScanIndexForward: true,
    Limit: limit,
  };
}

/**
 * A partition whose answer stopped early (at `Limit`, or at DynamoDB's 1 MB) may hold more items
 * after the last one it returned, so nothing past the smallest such key can be placed yet: the
 * page ends there, and the next one starts after it. A single partition therefore pages exactly
 * as a plain query does (a page at `Limit` has a next one, possibly empty).
 */
export async function queryMerged(client: DocumentSender, query: MergedQuery): Promise<MergedPage> {
  const { partitions, sortKey, limit } = query;
  const keyOf = (item: Item) => String(item[sortKey]);
  const answers = await Promise.all(
    partitions.map((partition) => client.send(new QueryCommand(partitionPageQuery(query, partition)))),
  );
  let bound: string | undefined;
  const items: Item[] = [];
  for (const answer of answers) {
    items.push(...(answer.Items ?? []));
    const stoppedAt = answer.LastEvaluatedKey;
    if (stoppedAt && (bound === undefined || keyOf(stoppedAt) < bound)) bound = keyOf(stoppedAt);
  }
  // Code-unit order: DynamoDB's byte order for the ASCII keys of this table (times, ids, digits).
  items.sort((a, b) => compare(keyOf(a), keyOf(b)) || compare(String(a.pk), String(b.pk)));
  const placeable = bound === undefined ? items : items.filter((item) => keyOf(item) <= (bound as string));
  const page = placeable.slice(0, limit);
  const more = bound !== undefined || placeable.length > limit;
  if (!more) return { items: page };
  const lastItem = page[page.length - 1];
  return { items: page, last: lastItem ? keyOf(lastItem) : bound };
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
