/**
 * Reading one election's results: its DETAIL item (with its lifecycle), its candidates' names,
 * and its tally shards (never its votes). One round trip: the DETAIL Get, the candidates' Query
 * and one Query per tally shard go out together, each an eventually-cheap read of a few small
 * items (`TALLY_SHARDS` + 2 requests, about half a read unit each).
 */
import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { allShards, CANDIDATE_PREFIX, electionKey, electionPartition, tallyPartition } from '../../domain/keys';
import { candidateLabelOf, sumTallyShards } from '../../domain/tallies';
import type { Certification, ElectionLifecycle } from '../../domain/lifecycle';
import { pollWindowOf } from '../../domain/polls';
import { latestCount, rankCandidates, type CandidateTally, type ElectionRecord } from '../../domain/results';

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

/** The election with its lifecycle and tallies, or undefined when there is no such election. */
export async function readResults(
  client: Sender,
  tableName: string,
  electionId: string,
  shards?: number,
): Promise<ElectionRecord | undefined> {
  const [{ Item: election }, named, ...shardItems] = await Promise.all([
    client.send(new GetCommand(electionRequest(tableName, electionId))),
    candidateItems(client, tableName, electionPartition(electionId)),
    ...allShards(shards).map((shard) => candidateItems(client, tableName, tallyPartition(electionId, shard))),
  ]);
  if (!election) return undefined;
  const counts = sumTallyShards(shardItems.flat());
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
    candidates: rankCandidates(candidates),
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
