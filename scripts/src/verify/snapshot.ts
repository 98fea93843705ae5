/**
 * Reads what the reconciliation compares: candidates and votes (elections table), ballots
 * (voters table), and the event items of the audit table. Strongly consistent scans, so a
 * check right after the bus went idle sees every write.
 */
import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { AuditEntity, loggedFactOf } from '@evote/audit';
import { candidateLabelOf, ElectionsEntity, sumTallyShards } from '@evote/elections';
import { voterSeedItems, VotersEntity } from '@evote/voters';
import type { StoredBallot, CandidateRow, SavedVote, Snapshot } from './reconcile';

type Item = Record<string, unknown>;

export interface VerifiedTables {
  voters: string;
  elections: string;
  audit: string;
}

export async function readSnapshot(db: DynamoDBDocumentClient, tables: VerifiedTables): Promise<Snapshot> {
  const [elections, voters, auditEvents] = await Promise.all([
    scanEntities(db, tables.elections, ELECTION_ENTITIES),
    scanEntities(db, tables.voters, [VotersEntity.Ballot]),
    scanAll(db, {
      TableName: tables.audit,
      FilterExpression: '#entity = :event',
      ProjectionExpression: '#detailType, #source, #event',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#detailType': 'detailType',
        '#source': 'source',
        '#event': 'event',
      },
      ExpressionAttributeValues: { ':event': AuditEntity.Event },
    }),
  ]);
  return {
    candidates: candidateRows(elections),
    votes: elections.filter((item) => item.entity === ElectionsEntity.Vote).map(toVote),
    ballots: voters.map(toBallot),
    auditEvents: auditEvents.map(loggedFactOf),
    baseline: seedBallots(),
  };
}

/** Ballot states before the audit log began: `yarn run init` resets the voters table to the seed. */
export function seedBallots(): StoredBallot[] {
  return voterSeedItems()
    .filter((item) => item.entity === VotersEntity.Ballot)
    .map(toBallot);
}

/** What verify and rebuild read of the elections table: candidates, their tally shards, votes. */
export const ELECTION_ENTITIES = [ElectionsEntity.Candidate, ElectionsEntity.TallyShard, ElectionsEntity.Vote];

/** Each candidate with its voteCount: the sum of its tally shards among `items`. */
export function candidateRows(items: readonly Item[]): CandidateRow[] {
  const counts = sumTallyShards(items);
  return items
    .filter((item) => item.entity === ElectionsEntity.Candidate)
    .map((item) => ({
      electionId: String(item.electionId),
      candidateId: String(item.candidateId),
      voteCount: counts.get(candidateLabelOf(String(item.electionId), String(item.candidateId)))?.voteCount ?? 0,
    }));
}

function toVote(item: Item): SavedVote {
  return {
    voteId: String(item.voteId),
    ballotId: String(item.ballotId),
    electionId: String(item.electionId),
    candidateId: String(item.candidateId),
  };
}

export function toBallot(item: Item): StoredBallot {
  return { voterId: String(item.voterId), ballotId: String(item.ballotId), ballotState: String(item.ballotState) };
}

/** Every item of `table` whose `entity` is one of `entities`. */
export function scanEntities(db: DynamoDBDocumentClient, table: string, entities: readonly string[]): Promise<Item[]> {
  const values = Object.fromEntries(entities.map((entity, index) => [`:entity${index}`, entity]));
  return scanAll(db, {
    TableName: table,
    FilterExpression: `#entity IN (${Object.keys(values).join(', ')})`,
    ExpressionAttributeNames: { '#entity': 'entity' },
    ExpressionAttributeValues: values,
  });
}

export async function scanAll(db: DynamoDBDocumentClient, input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ ...input, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
