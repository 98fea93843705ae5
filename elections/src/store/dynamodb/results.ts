/** Reading one election's results: its DETAIL item (with its lifecycle) and its candidates (never its votes). */
import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { CANDIDATE_PREFIX, electionKey, electionPartition } from '../../domain/keys';
import type { Certification, ElectionLifecycle } from '../../domain/lifecycle';
import { pollWindowOf } from '../../domain/polls';
import { latestCount, rankCandidates, type CandidateTally, type ElectionRecord } from '../../domain/results';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

export function electionRequest(tableName: string, electionId: string): GetCommandInput {
  return { TableName: tableName, Key: electionKey(electionId) };
}

export function candidatesRequest(
  tableName: string,
  electionId: string,
  startKey?: Record<string, unknown>,
): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :candidate)',
    ExpressionAttributeValues: { ':pk': electionPartition(electionId), ':candidate': CANDIDATE_PREFIX },
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** The election with its lifecycle and tallies, or undefined when there is no such election. */
export async function readResults(
  client: Sender,
  tableName: string,
  electionId: string,
): Promise<ElectionRecord | undefined> {
  const { Item: election } = await client.send(new GetCommand(electionRequest(tableName, electionId)));
  if (!election) return undefined;
  const candidates: CandidateTally[] = [];
  const countedAt: (string | undefined)[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand(candidatesRequest(tableName, electionId, startKey)));
    for (const item of page.Items ?? []) {
      candidates.push({
        candidateId: String(item.candidateId),
        fullName: String(item.fullName),
        voteCount: Number(item.voteCount ?? 0),
      });
      countedAt.push(typeof item.countedAt === 'string' ? item.countedAt : undefined);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
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
