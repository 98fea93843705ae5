/**
 * The events of one type over time, from the by-type index (GSI1). The index's partition of a
 * type is spread over shards like an election's stream; every shard is read and merged, so the
 * type still lists as one stream in time order (then event id).
 */
import type { DocumentSender } from './auditTable';
import { BY_TYPE_INDEX, byTypePartitions } from '../../domain/keys';
import { queryMerged } from './mergedQuery';

/** What the index projects: the event item's key, its by-type key and its correlation id. */
export interface TypeListing {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  correlationId: string;
}

export interface TypePage {
  /** At most `limit` events of the type, in time order. */
  events: TypeListing[];
  /** The `gsi1sk` (`<time>#<eventId>`) to continue after; absent on the last page. */
  last?: string;
}

/** One page of the events of `detailType`, after `after` when given (a page's `last`, or a time). */
export async function readTypePage(
  client: DocumentSender,
  tableName: string,
  detailType: string,
  limit: number,
  after?: string,
): Promise<TypePage> {
  const page = await queryMerged(client, {
    tableName,
    indexName: BY_TYPE_INDEX,
    partitionKey: 'gsi1pk',
    partitions: byTypePartitions(detailType),
    sortKey: 'gsi1sk',
    ...(after === undefined ? {} : { after }),
    limit,
  });
  return { events: page.items as unknown as TypeListing[], ...(page.last === undefined ? {} : { last: page.last }) };
}
