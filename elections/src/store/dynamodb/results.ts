/**
 * Reading one election's results: its DETAIL item (with its lifecycle), its candidates' names,
 * and its tally shards (never its votes). Two round trips of three requests for an election of
 * up to 6 candidates: the DETAIL Get and the candidates' Query together, then one BatchGetItem
 * of every candidate's shards (100 keys a request, eventually consistent, half a read unit a
 * shard). One Query per shard partition would be one round trip, but 18 requests: measured, that
 * tripled getResults' warm time and added ~70 ms to its cold first event.
 */
import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { allShards, CANDIDATE_PREFIX, electionKey, electionPartition, tallyKey, type ItemKey } from '../../domain/keys';
import { batchesOf, readBatch } from './batchGet';
import { batchGetKeysRequest } from './requests';
import type { RetryPolicy } from './retry';
import { candidateLabelOf, sumTallyShards } from '../../domain/tallies';
import type { Certification, ElectionLifecycle } from '../../domain/lifecycle';
import { pollWindowOf } from '../../domain/polls';
import { latestCount, type CandidateTally, type ElectionRecord } from '../../domain/results';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

export function electionRequest(tableName: string, electionId: string): GetCommandInput {
  return { TableName: tableName, Key: electionKey(electionId) };
}

/** The candidate items under `partition`: the names (the election's own partition) or one tally shard. */
export function candidatesRequest(
  tableName: string,
  partition: string,
  startKey?: Record<string, unknown>,
): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :candidate)',
    ExpressionAttributeValues: { ':pk': partition, ':candidate': CANDIDATE_PREFIX },
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/**
 * Every candidate item under `partition` (the names, or one tally shard), page after page;
 * strongly consistent when asked (load-election plans from what is stored now).
 */
export async function candidateItems(
  client: Sender,
  tableName: string,
  partition: string,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        ...candidatesRequest(tableName, partition, startKey),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** What a results read takes of a tally shard, beyond its key. */
const SHARD_ATTRIBUTES = ['entity', 'electionId', 'candidateId', 'voteCount', 'countedAt'];

/** The tally shards of these keys, 100 a request, the requests in parallel, unprocessed keys asked again. */
async function tallyShardItems(
  client: Sender,
  tableName: string,
  keys: readonly ItemKey[],
  retry: RetryPolicy,
): Promise<Record<string, unknown>[]> {
  // Eventually consistent: the results are a view, as the candidates' Query beside it is.
  const request = (pending: readonly ItemKey[]) => batchGetKeysRequest(tableName, pending, SHARD_ATTRIBUTES, false);
  const batches = batchesOf(keys).map((batch) => readBatch(client, tableName, batch, request, retry, 'throttled'));
  return (await Promise.all(batches)).flat();
}

/** The election with its lifecycle and tallies, or undefined when there is no such election. */
export async function readResults(
  client: Sender,
  tableName: string,
  electionId: string,
  retry: RetryPolicy,
  shards?: number,
): Promise<ElectionRecord | undefined> {
  const [{ Item: election }, named] = await Promise.all([
    client.send(new GetCommand(electionRequest(tableName, electionId))),
    candidateItems(client, tableName, electionPartition(electionId)),
  ]);
  if (!election) return undefined;
  const keys = named.flatMap((item) =>
    allShards(shards).map((shard) => tallyKey(electionId, String(item.candidateId), shard)),
  );
  const counts = sumTallyShards(keys.length ? await tallyShardItems(client, tableName, keys, retry) : []);
  const candidates: CandidateTally[] = [];
  const countedAt: (string | undefined)[] = [];
  for (const item of named) {
    const count = counts.get(candidateLabelOf(electionId, String(item.candidateId)));
    candidates.push({
      candidateId: String(item.candidateId),
      fullName: String(item.fullName),
      voteCount: count?.voteCount ?? 0,
    });
    countedAt.push(count?.countedAt);
  }
  return {
    electionId,
    description: String(election.description),
    date: String(election.date),
    lifecycle: lifecycleOf(election),
    candidates,
    lastChangedAt: latestCount(countedAt),
  };
}

/** The lifecycle attributes of an election item, those it has. */
export function lifecycleOf(item: Record<string, unknown>): ElectionLifecycle {
  const text = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] as string } : {});
  return {
    ...pollWindowOf(item),
    ...(item.results === 'live' || item.results === 'after-close' ? { results: item.results } : {}),
    ...text('openedAt'),
    ...text('closedAt'),
    ...(typeof item.certification === 'object' && item.certification !== null
      ? { certification: item.certification as Certification }
      : {}),
  };
}
