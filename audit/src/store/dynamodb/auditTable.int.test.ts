/**
 * The audit log against DynamoDB Local, with the table created from audit/serverless.yml:
 * idempotent appends and the three access patterns the README promises. Over 250 lines because
 * the unsharded streams and the sharded ones share one table and its fixtures.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DetailType } from '@evote/shared';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { busEvent, validDetails } from '@evote/shared/testing';
import type { AuditedEvent } from '../../domain/auditedEvent';
import { auditRecordOf } from '../../domain/auditLog';
import { dynamoAuditLog } from './auditTable';
import { BY_TYPE_INDEX, eventKeyOfEntry, streamPartitions, type Key } from '../../domain/keys';
import { EntityType, type EntityRef } from '../../domain/entities';
import { readHistoryPage } from './history';
import { readTypePage, type TypeListing } from './byType';

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
    // The candidate's entries are spread over shards: read every shard, in sort-key order.
    const candidate = await streamEntries({ type: EntityType.Candidate, id: 'c00002' });
    expect(candidate.map((item) => item.eventId)).toEqual(['evt-submitted', 'evt-verified']);
    expect(candidate.filter((item) => item.revision !== undefined)).toEqual([]);
  });

  it('reads an event by its audit id, found from any of its entries, with its whole envelope', async () => {
    const history = await streamEntries({ type: EntityType.Candidate, id: 'c00001' });
    const castEntry = history.find((item) => item.detailType === DetailType.VoteCast);
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
          ':type': `TYPE#${DetailType.BallotVerified}#10`,
          ':from': '2025-11-04T10:00:00Z',
          ':to': '2025-11-04T10:00:59Z~',
        },
      }),
    );
    expect(page.Items).toEqual([
      {
        pk: 'EVENT#Ballot Verified#corr-1',
        sk: 'EVENT',
        gsi1pk: 'TYPE#Ballot Verified#10',
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

describe("an election's and a candidate's streams, spread over shards", () => {
  const election: EntityRef = { type: EntityType.Election, id: 'e-hot' };
  const candidate: EntityRef = { type: EntityType.Candidate, id: 'c-hot' };
  const vote = { electionId: 'e-hot', candidateId: 'c-hot' };
  const FRESH = 'evt-hot-fresh';
  const FRESH_VOTE = `hot${'9'.repeat(29)}`;
  // 40 votes over 20 seconds (two per second, not in append order), and 5 ballots submitted
  // in some of the same seconds: their stage (1) puts them before that second's votes (3).
  const timeOf = (n: number) => `2025-11-05T10:00:${String((n * 7) % 20).padStart(2, '0')}Z`;
  const votes = Array.from({ length: 40 }, (_, n) => {
    const detail = {
      ...validDetails[DetailType.VoteCast],
      correlationId: `corr-hot-${n}`,
      ballotId: `b-hot-${n}`,
      voter: { voterId: `v-hot-${n}`, fullName: 'Ada' },
      voteId: `hot${String(n).padStart(29, '0')}`,
      vote,
    };
    return busEvent(DetailType.VoteCast, { id: `evt-hot-${n}`, time: timeOf(n), detail });
  });
  const submissions = Array.from({ length: 5 }, (_, n) => {
    const detail = {
      ...validDetails[DetailType.BallotSubmitted],
      correlationId: `corr-hot-${n}`,
      ballotId: `b-hot-${n}`,
      voterId: `v-hot-${n}`,
      votes: [vote],
    };
    return busEvent(DetailType.BallotSubmitted, { id: `evt-sub-${n}`, time: timeOf(n), detail }) as AuditedEvent;
  });
  /** The stream's order as one partition gives it: time, then flow stage, then event id. */
  const inStreamOrder = (events: readonly { id: string; time: string; 'detail-type': string }[]) =>
    [...events]
      .sort(
        (a, b) =>
          a.time.localeCompare(b.time) ||
          Number(a['detail-type'] === DetailType.VoteCast) - Number(b['detail-type'] === DetailType.VoteCast) ||
          (a.id < b.id ? -1 : 1),
      )
      .map((event) => event.id);

  beforeAll(async () => {
    const log = dynamoAuditLog({ tableName, client: db });
    await Promise.all([...votes, ...submissions].map((event) => log.append(auditRecordOf(event as AuditedEvent))));
  });

  it('land on several partition keys, one entry per fact; two copies of a fact write one entry', async () => {
    for (const stream of [election, candidate]) {
      const entries = await streamEntries(stream);
      expect(entries).toHaveLength(45);
      expect(new Set(entries.map((entry) => entry.pk)).size).toBeGreaterThan(1);
    }
    const original = votes[3] as (typeof votes)[number];
    const copy = { ...original, id: 'evt-hot-3-copy', time: '2025-11-05T10:00:59Z' };
    const log = dynamoAuditLog({ tableName, client: db });
    await expect(log.append(auditRecordOf(copy as AuditedEvent))).resolves.toMatchObject({
      written: 0,
      alreadyPresent: 5,
    });
    // Two copies of a fresh fact at once: one wins the event item, both write the kept copy's entries.
    const fresh = { ...original, id: FRESH, detail: { ...original.detail, voteId: FRESH_VOTE } };
    const freshCopy = { ...fresh, id: `${FRESH}-copy`, time: '2025-11-05T10:00:58Z' };
    await Promise.all([fresh, freshCopy].map((event) => log.append(auditRecordOf(event as AuditedEvent))));
    for (const stream of [election, candidate]) {
      const entries = await streamEntries(stream);
      expect(entries).toHaveLength(46);
      expect(entries.filter((entry) => entry.voteId === original.detail.voteId)).toHaveLength(1);
      expect(entries.filter((entry) => entry.voteId === FRESH_VOTE)).toHaveLength(1);
    }
  });

  it('read back as one stream, complete and in order, page after page', async () => {
    // The fresh fact of the test before is kept as whichever of its two copies won: leave it out.
    const pages = await readPages(election, 7);
    expect(pages.flat().filter((id) => !id.startsWith(FRESH))).toEqual(inStreamOrder([...votes, ...submissions]));
    expect(pages.flat()).toHaveLength(46);
    expect(pages.length).toBeGreaterThanOrEqual(7);
    expect(pages.every((page) => page.length <= 7)).toBe(true);
    expect((await readPages(election, 100)).flat()).toEqual(pages.flat());
    expect((await readPages(candidate, 4)).flat()).toEqual(pages.flat());
  });

  it('list the events of one type from every shard of the index, in time order, page after page', async () => {
    const listed: TypeListing[][] = [];
    let after: string | undefined = '2025-11-05';
    do {
      const page = await readTypePage(db, tableName, DetailType.VoteCast, 6, after);
      listed.push(page.events);
      after = page.last;
    } while (after !== undefined);
    const keys = listed.flat().map((event) => event.gsi1sk);
    expect(keys).toEqual([...keys].sort());
    expect(keys.filter((key) => !key.includes(FRESH))).toEqual(
      votes.map((event) => `${event.time}#${event.id}`).sort(),
    );
    expect(keys.filter((key) => key.includes(FRESH))).toHaveLength(1);
    expect(new Set(listed.flat().map((event) => event.gsi1pk)).size).toBeGreaterThan(1);
    expect(listed.every((page) => page.length <= 6)).toBe(true);
  });
});

async function readPages(stream: EntityRef, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let startKey: Key | undefined;
  do {
    const page = await readHistoryPage(db, tableName, stream, limit, startKey);
    pages.push(page.events.map((event) => String(event.id)));
    startKey = page.lastKey;
  } while (startKey);
  return pages;
}

/** Every entry of a stream, from each partition it is spread over, in sort-key order. */
async function streamEntries(stream: EntityRef): Promise<Record<string, unknown>[]> {
  const partitions = await Promise.all(streamPartitions(stream).map(queryAll));
  return partitions.flat().sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
}

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
