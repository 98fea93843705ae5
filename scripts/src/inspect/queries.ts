import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditEntity, flowStage, streamNameOf, streamOf, streamPartitions } from '@evote/audit';
import { candidateLabelOf, electionPartitions, ElectionsEntity, sumTallyShards } from '@evote/elections';
import { VotersEntity } from '@evote/voters';

type Item = Record<string, unknown>;

export interface ElectionResult {
  electionId: string;
  description: string;
  candidates: { candidateId: string; fullName: string; voteCount: number }[];
}
export interface BallotRow {
  voterId: string;
  fullName: string;
  ballotId: string;
  ballotState: string;
}
export interface VoteRow {
  voteId: string;
  ballotId: string;
  electionId: string;
  candidateId: string;
}
export interface AuditRow {
  entity: string;
  time: string;
  eventId: string;
  detailType: string;
  source: string;
  correlationId: string;
  /** The event's revision in the entity's stream (ballot and voter streams only). */
  revision?: number;
}

/** Every item of a table, or of one partition when `pk` is given (all pages). */
export async function readItems(db: DynamoDBDocumentClient, table: string, pk?: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = pk
      ? await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        )
      : await db.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The whole elections table, or every partition of one election (its own, its tally shards', its votes'). */
async function readElectionItems(db: DynamoDBDocumentClient, table: string, electionId?: string): Promise<Item[]> {
  if (electionId === undefined) return readItems(db, table);
  const partitions = await Promise.all(electionPartitions(electionId).map((pk) => readItems(db, table, pk)));
  return partitions.flat();
}

export async function electionResults(
  db: DynamoDBDocumentClient,
  table: string,
  electionId?: string,
): Promise<ElectionResult[]> {
  const items = await readElectionItems(db, table, electionId);
  const counts = sumTallyShards(items);
  const elections = items.filter((item) => item.entity === ElectionsEntity.Election).sort(byString('electionId'));
  return elections.map((election) => ({
    electionId: String(election.electionId),
    description: String(election.description),
    candidates: items
      .filter((item) => item.entity === ElectionsEntity.Candidate && item.electionId === election.electionId)
      .sort(byString('candidateId'))
      .map((candidate) => ({
        candidateId: String(candidate.candidateId),
        fullName: String(candidate.fullName),
        voteCount:
          counts.get(candidateLabelOf(String(candidate.electionId), String(candidate.candidateId)))?.voteCount ?? 0,
      })),
  }));
}

export async function ballots(db: DynamoDBDocumentClient, table: string): Promise<BallotRow[]> {
  const items = await readItems(db, table);
  const names = new Map(
    items.filter((item) => item.entity === VotersEntity.Voter).map((voter) => [voter.voterId, String(voter.fullName)]),
  );
  return items
    .filter((item) => item.entity === VotersEntity.Ballot)
    .map((ballot) => ({
      voterId: String(ballot.voterId),
      fullName: names.get(ballot.voterId) ?? '(unknown voter)',
      ballotId: String(ballot.ballotId),
      ballotState: String(ballot.ballotState),
    }))
    .sort((a, b) => a.voterId.localeCompare(b.voterId) || a.ballotId.localeCompare(b.ballotId));
}

export async function votes(db: DynamoDBDocumentClient, table: string, electionId?: string): Promise<VoteRow[]> {
  const items = await readElectionItems(db, table, electionId);
  return items
    .filter((item) => item.entity === ElectionsEntity.Vote)
    .map((vote) => ({
      voteId: String(vote.voteId),
      ballotId: String(vote.ballotId),
      electionId: String(vote.electionId),
      candidateId: String(vote.candidateId),
    }))
    .sort((a, b) => a.electionId.localeCompare(b.electionId) || a.ballotId.localeCompare(b.ballotId));
}

/**
 * The audit log in time order (causal within a second): one row per entity an event names (or of
 * one entity, `--entity ELECTION#<id>`: every shard of its stream). Rows name the stream, not the shard.
 */
export async function auditLog(
  db: DynamoDBDocumentClient,
  table: string,
  filter: { entity?: string; type?: string; limit?: number } = {},
): Promise<AuditRow[]> {
  const items = filter.entity === undefined ? await readItems(db, table) : await streamItems(db, table, filter.entity);
  const rows = items
    .filter((item) => item.entity === AuditEntity.Entry)
    .filter((item) => !filter.type || item.detailType === filter.type)
    .map((item) => ({
      entity: streamNameOf(String(item.pk)),
      time: String(item.time),
      eventId: String(item.eventId),
      detailType: String(item.detailType),
      source: String(item.source),
      correlationId: String(item.correlationId),
      ...(item.revision === undefined ? {} : { revision: Number(item.revision) }),
    }))
    .sort(
      (a, b) =>
        a.time.localeCompare(b.time) ||
        flowStage(a.detailType) - flowStage(b.detailType) ||
        a.eventId.localeCompare(b.eventId) ||
        a.entity.localeCompare(b.entity),
    );
  return filter.limit === undefined ? rows : rows.slice(0, filter.limit);
}

/** Every entry of one entity's stream, from each partition it is spread over. */
async function streamItems(db: DynamoDBDocumentClient, table: string, name: string): Promise<Item[]> {
  const stream = streamOf(name);
  if (!stream)
    throw new Error(
      `--entity must name an audit stream (BALLOT#<id>, VOTER#<id>, ELECTION#<id> or CANDIDATE#<id>), got "${name}"`,
    );
  const partitions = await Promise.all(streamPartitions(stream).map((pk) => readItems(db, table, pk)));
  return partitions.flat();
}

function byString(key: string) {
  return (a: Item, b: Item) => String(a[key]).localeCompare(String(b[key]));
}
