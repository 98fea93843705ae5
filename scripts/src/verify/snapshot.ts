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
  const [rows, auditEventItems] = await Promise.all([
    readTableRows(db, tables),
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
  return snapshotOf({ ...rows, auditEventItems });
}

/** The rows of the three tables that verify and rebuild read (`readTables`). */
export interface TableRows {
  /** Candidates, tally shards and votes of the elections table. */
  electionItems: readonly Item[];
  /** Ballots of the voters table. */
  ballotItems: readonly Item[];
}

/** What the reconciliation compares, from the rows read and the audit table's event items. */
export function snapshotOf(rows: TableRows & { auditEventItems: readonly Item[] }): Snapshot {
  return {
    candidates: candidateRows(rows.electionItems),
    votes: rows.electionItems.filter((item) => item.entity === ElectionsEntity.Vote).map(toVote),
    ballots: rows.ballotItems.map(toBallot),
    auditEvents: rows.auditEventItems.map(loggedFactOf),
    baseline: seedBallots(),
  };
}

/**
 * The audit table whole and the rows of the other two that verify and rebuild compare, read once:
 * what rebuild needs, from which verify's snapshot follows too (`yarn admin certify` runs both).
 */
export async function readTables(
  db: DynamoDBDocumentClient,
  tables: VerifiedTables,
): Promise<TableRows & { auditItems: Item[] }> {
  const [rows, auditItems] = await Promise.all([readTableRows(db, tables), scanAll(db, { TableName: tables.audit })]);
  return { ...rows, auditItems };
}

/** The candidates, tally shards and votes of the elections table and the ballots of the voters table. */
async function readTableRows(db: DynamoDBDocumentClient, tables: VerifiedTables): Promise<TableRows> {
  const [electionItems, ballotItems] = await Promise.all([
    scanEntities(db, tables.elections, ELECTION_ENTITIES),
    scanEntities(db, tables.voters, [VotersEntity.Ballot]),
  ]);
  return { electionItems, ballotItems };
}

/** The audit table's event items among its items (the entries of the streams are the rest). */
export function auditEventItems(auditItems: readonly Item[]): Item[] {
  return auditItems.filter((item) => item.entity === AuditEntity.Event);
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
