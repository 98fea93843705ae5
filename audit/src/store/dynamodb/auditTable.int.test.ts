/**
 * The audit log against DynamoDB Local, with the table created from audit/serverless.yml:
 * idempotent appends and the three access patterns the README promises.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DetailType } from '@evote/shared';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { busEvent, validDetails } from '@evote/shared/testing';
import type { AuditedEvent } from '../../domain/auditedEvent';
import { auditRecordOf } from '../../domain/auditLog';
import { dynamoAuditLog } from './auditTable';
import { BY_TYPE_INDEX, eventKeyOfEntry } from '../../domain/keys';

let table: TableUnderTest;
let db: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-audit', logicalId: 'AuditTable' });
  ({ db, tableName } = table);
}, 120_000);

afterAll(async () => {
  await table?.stop();
});

const verified = busEvent(DetailType.BallotVerified, {
  id: 'evt-verified',
  time: '2025-11-04T10:00:01Z',
}) as AuditedEvent;
const cast = busEvent(DetailType.VoteCast, { id: 'evt-cast', time: '2025-11-04T10:00:02Z' }) as AuditedEvent;
const submitted = busEvent(DetailType.BallotSubmitted, {
  id: 'evt-submitted',
  time: '2025-11-04T10:00:00Z',
}) as AuditedEvent;

const countItems = async () => (await db.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))).Count;

describe('the DynamoDB audit log', () => {
  it('writes an event once, however often it is delivered', async () => {
    const log = dynamoAuditLog({ tableName, client: db });
    await expect(log.append(auditRecordOf(verified))).resolves.toEqual({
      written: 7,
      alreadyPresent: 0,
      recordedEventId: 'evt-verified',
      revisionRacesLost: 0,
    });
    await expect(log.append(auditRecordOf(verified))).resolves.toEqual({
      written: 0,
      alreadyPresent: 7,
      recordedEventId: 'evt-verified',
      revisionRacesLost: 0,
    });
    const redeliveries = await Promise.all([1, 2, 3].map(() => log.append(auditRecordOf(cast))));
    expect(redeliveries.reduce((sum, outcome) => sum + outcome.written, 0)).toBe(5);
    // Out of order: the earliest event arrives last.
    await log.append(auditRecordOf(submitted));
    expect(await countItems()).toBe(7 + 5 + 7);
  });

  it('keeps one copy of a fact published twice (new EventBridge id and time)', async () => {
    const copy = { ...cast, id: 'evt-cast-copy', time: '2025-11-04T10:00:09Z' } as AuditedEvent;
    const log = dynamoAuditLog({ tableName, client: db });
    await expect(log.append(auditRecordOf(copy))).resolves.toEqual({
      written: 0,
      alreadyPresent: 5,
      recordedEventId: 'evt-cast',
      revisionRacesLost: 0,
    });
    expect(await countItems()).toBe(7 + 5 + 7);
  });

  it('reads a ballot stream in append order, revisions 1, 2, 3, and other histories in time order', async () => {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'BALLOT#b00001' },
      }),
    );
    // Ballot Submitted was delivered last, so it took the last revision.
    expect(page.Items?.map((item) => [item.revision, item.detailType, item.eventId])).toEqual([
      [1, 'Ballot Verified', 'evt-verified'],
      [2, 'Vote Cast', 'evt-cast'],
      [3, 'Ballot Submitted', 'evt-submitted'],
    ]);
    const candidate = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CANDIDATE#c00002' },
      }),
    );
    expect(candidate.Items?.map((item) => item.eventId)).toEqual(['evt-submitted', 'evt-verified']);
    expect(candidate.Items?.filter((item) => item.revision !== undefined)).toEqual([]);
  });

  it('reads an event by its audit id, found from any of its entries, with its whole envelope', async () => {
    const history = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CANDIDATE#c00001' },
      }),
    );
    const castEntry = history.Items?.find((item) => item.detailType === DetailType.VoteCast);
    const key = eventKeyOfEntry(castEntry as { detailType: string; correlationId: string; voteId?: string });
    expect(key).toEqual({ pk: 'EVENT#Vote Cast#0fc3ff2ef39ceca44fbb8201d6fd06b1', sk: 'EVENT' });
    const found = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    expect(found.Item?.event).toEqual(cast);
  });

  it('lists events by type over time', async () => {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: BY_TYPE_INDEX,
        KeyConditionExpression: 'gsi1pk = :type AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':type': `TYPE#${DetailType.BallotVerified}`,
          ':from': '2025-11-04T10:00:00Z',
          ':to': '2025-11-04T10:00:59Z~',
        },
      }),
    );
    expect(page.Items).toEqual([
      {
        pk: 'EVENT#Ballot Verified#corr-1',
        sk: 'EVENT',
        gsi1pk: 'TYPE#Ballot Verified',
        gsi1sk: '2025-11-04T10:00:01Z#evt-verified',
        correlationId: 'corr-1',
      },
    ]);
  });

  it('gives concurrent appends to one stream gapless revisions, each fact once, however often delivered', async () => {
    const log = dynamoAuditLog({ tableName, client: db });
    const facts = Array.from({ length: 25 }, (_, n) => {
      const voteId = `race${String(n).padStart(28, '0')}`;
      const detail = {
        ...validDetails[DetailType.VoteCast],
        ballotId: 'b-race',
        voter: { voterId: 'v-race', fullName: 'Ada' },
        voteId,
      };
      return busEvent(DetailType.VoteCast, { id: `evt-race-${n}`, detail }) as AuditedEvent;
    });
    // Every fact three times, all at once: 75 appends racing for the same two streams.
    const outcomes = await Promise.all([...facts, ...facts, ...facts].map((fact) => log.append(auditRecordOf(fact))));
    // Each of the 25 facts writes 5 items (event, ballot and voter entries, election, candidate) once.
    expect(outcomes.reduce((sum, outcome) => sum + outcome.written, 0)).toBe(25 * 5);
    for (const stream of ['BALLOT#b-race', 'VOTER#v-race']) {
      const entries = await queryAll(stream);
      expect(entries.map((item) => item.revision)).toEqual(Array.from({ length: 25 }, (_, n) => n + 1));
      expect(new Set(entries.map((item) => item.voteId)).size).toBe(25);
    }
  });
});

async function queryAll(partition: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
