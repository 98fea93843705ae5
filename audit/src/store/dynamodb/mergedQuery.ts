/**
 * One ordered page over several partitions: a stream spread over shards, read as the one stream
 * it is. Each partition is asked, in parallel, for its first `limit` items after the last sort
 * key of the previous page; the answers are merged by sort key and a page is taken.
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
  /** One query per partition, each for the items after the previous page (built by the caller). */
  queries: readonly QueryCommandInput[];
  /** The attribute the partitions are ordered by (`sk` on the table, `gsi1sk` on the index). */
  sortKey: string;
  limit: number;
}

/**
 * A partition whose answer stopped early (at `Limit`, or at DynamoDB's 1 MB) may hold more items
 * after the last one it returned, so nothing past the smallest such key can be placed yet: the
 * page ends there, and the next one starts after it. A single partition therefore pages exactly
 * as a plain query does (a page at `Limit` has a next one, possibly empty).
 */
export async function queryMerged(client: DocumentSender, query: MergedQuery): Promise<MergedPage> {
  const { queries, sortKey, limit } = query;
  const keyOf = (item: Item) => String(item[sortKey]);
  const answers = await Promise.all(queries.map((input) => client.send(new QueryCommand(input))));
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
