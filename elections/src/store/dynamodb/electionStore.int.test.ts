/**
 * The election store against DynamoDB Local, with the table created from elections/serverless.yml:
 * a vote is saved once (conditional put) and counted once (marker + ADD in one transaction that
 * also requires the candidate), conditions DynamoDB itself enforces, which the unit tests' fake
 * client can only pretend.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { CandidateNotFoundError } from '../../domain/errors';
import { allShards, countMarkerKey, electionPartitions, tallyPartition, voteKey } from '../../domain/keys';
import { candidateLabelOf, sumTallyShards } from '../../domain/tallies';
import type { CountRecord, VoteRecord } from '../../domain/records';
import { electionSeedItems, type ElectionSeed } from '../../seed';
import { DynamoElectionStore } from './electionStore';

let table: TableUnderTest;
let db: DynamoDBDocumentClient;
let store: DynamoElectionStore;
let tableName: string;

/** Each test counts in its own election, so tallies start at 0 wherever a test looks. */
const ELECTIONS = ['e00001', 'e00002', 'e00003', 'e00004', 'e00005', 'e00006'];
const seed: ElectionSeed[] = ELECTIONS.map((electionId) => ({
  electionId,
  description: `Election ${electionId}`,
  date: '2025-11-04',
  candidates: [
    { candidateId: 'c00001', fullName: 'Ada Lovelace' },
    { candidateId: 'c00002', fullName: 'Grace Hopper' },
  ],
}));

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-elections', logicalId: 'ElectionsTable' });
  ({ db, tableName } = table);
  for (const item of electionSeedItems(seed)) await db.send(new PutCommand({ TableName: tableName, Item: item }));
  store = new DynamoElectionStore({ tableName, client: db });
}, 120_000);

afterAll(async () => {
  await table?.stop();
});

function vote(electionId: string, voteId: string, candidateId = 'c00001'): VoteRecord {
  return { voteId, ballotId: `ballot-${voteId}`, electionId, candidateId, castAt: '2025-11-04T10:00:00.000Z' };
}

function count(
  electionId: string,
  voteId: string,
  candidateId = 'c00001',
  countedAt = '2025-11-04T10:00:01.000Z',
): CountRecord {
  return { voteId, electionId, candidateId, countedAt };
}

async function queryAll(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** A candidate's voteCount: its tally shards summed. */
async function voteCount(electionId: string, candidateId: string): Promise<number | undefined> {
  const shards = await Promise.all(
    allShards().map((shard) => queryAll(tallyPartition(electionId, shard), 'CANDIDATE#')),
  );
  return sumTallyShards(shards.flat()).get(candidateLabelOf(electionId, candidateId))?.voteCount;
}

/** The tally shard partitions of an election in which a candidate has votes. */
async function shardsWithVotes(electionId: string, candidateId: string): Promise<string[]> {
  const shards = await Promise.all(
    allShards().map((shard) => queryAll(tallyPartition(electionId, shard), 'CANDIDATE#')),
  );
  return shards
    .flat()
    .filter((item) => item.candidateId === candidateId && Number(item.voteCount) > 0)
    .map((item) => String(item.pk));
}

/** The sort keys of one election's items (in every partition) that start with `prefix` (VOTE#, COUNTED#, CANDIDATE#). */
async function sortKeys(
  electionId: string,
  prefix: string,
  partitions = electionPartitions(electionId),
): Promise<string[]> {
  const items = await Promise.all(partitions.map((pk) => queryAll(pk, prefix)));
  return items.flat().map((item) => String(item.sk));
}

describe('DynamoElectionStore on DynamoDB Local', () => {
  it('loads the catalog: known elections and candidates, not unknown ones', async () => {
    const catalog = await store.loadCatalog([
      { electionId: 'e00001', candidateId: 'c00002' },
      { electionId: 'e00002', candidateId: 'c99999' },
      { electionId: 'e99999', candidateId: 'c00001' },
    ]);
    expect(['e00001', 'e00002', 'e99999'].map((electionId) => [electionId, catalog.hasElection(electionId)])).toEqual([
      ['e00001', true],
      ['e00002', true],
      ['e99999', false],
    ]);
    expect(catalog.hasCandidate({ electionId: 'e00001', candidateId: 'c00002' })).toBe(true);
    expect(catalog.hasCandidate({ electionId: 'e00002', candidateId: 'c99999' })).toBe(false);
    expect(catalog.hasCandidate({ electionId: 'e99999', candidateId: 'c00001' })).toBe(false);
  });

  it('saves a vote once: the second save is a duplicate and leaves the first as it was', async () => {
    await expect(store.save(vote('e00001', 'vote-1'))).resolves.toBe('saved');
    await expect(store.save({ ...vote('e00001', 'vote-1'), castAt: '2025-11-04T11:00:00.000Z' })).resolves.toBe(
      'duplicate',
    );
    expect(await sortKeys('e00001', 'VOTE#')).toEqual(['VOTE#vote-1']);
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: voteKey('e00001', 'vote-1') }));
    expect(Item).toMatchObject({ castAt: '2025-11-04T10:00:00.000Z', candidateId: 'c00001' });
  });

  it('counts a vote once: the marker and the tally move together, a recount changes nothing', async () => {
    await expect(store.count(count('e00002', 'vote-2'))).resolves.toBe('counted');
    await expect(store.count(count('e00002', 'vote-2'))).resolves.toBe('alreadyCounted');
    expect(await voteCount('e00002', 'c00001')).toBe(1);
    expect(await voteCount('e00002', 'c00002')).toBe(0);
    expect(await sortKeys('e00002', 'COUNTED#')).toEqual(['COUNTED#vote-2']);
  });

  it('refuses to count for an unknown candidate, and writes neither the marker nor a candidate', async () => {
    await expect(store.count(count('e00003', 'vote-3', 'c99999'))).rejects.toBeInstanceOf(CandidateNotFoundError);
    const { Item: marker } = await db.send(
      new GetCommand({ TableName: tableName, Key: countMarkerKey('e00003', 'vote-3'), ConsistentRead: true }),
    );
    expect(marker).toBeUndefined();
    expect(await sortKeys('e00003', 'CANDIDATE#', electionPartitions('e00003').slice(0, 1))).toEqual([
      'CANDIDATE#c00001',
      'CANDIDATE#c00002',
    ]);
    expect(await voteCount('e00003', 'c99999')).toBeUndefined();
    // The refused count left the vote countable for a candidate that does exist.
    await expect(store.count(count('e00003', 'vote-3'))).resolves.toBe('counted');
  });

  it('counts one vote once however many deliveries race for it', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.count(count('e00004', 'vote-4'))));
    expect([...outcomes].sort()).toEqual([
      'alreadyCounted',
      'alreadyCounted',
      'alreadyCounted',
      'alreadyCounted',
      'alreadyCounted',
      'counted',
    ]);
    expect(await voteCount('e00004', 'c00001')).toBe(1);
  });

  it('counts every one of many different votes for one candidate sent at once', async () => {
    const voteIds = Array.from({ length: 12 }, (_, index) => `vote-5-${index}`);
    const outcomes = await Promise.all(voteIds.map((voteId) => store.count(count('e00005', voteId, 'c00002'))));
    expect(outcomes.filter((outcome) => outcome !== 'counted')).toEqual([]);
    expect(await voteCount('e00005', 'c00002')).toBe(12);
    // The 12 counts went to several shards of the candidate, not one item.
    expect(new Set(await shardsWithVotes('e00005', 'c00002')).size).toBeGreaterThan(4);
    const results = await store.readResults('e00005');
    expect(results?.electionId).toBe('e00005');
    expect(results?.candidates.map(({ candidateId, voteCount }) => ({ candidateId, voteCount })).sort(byId)).toEqual([
      { candidateId: 'c00001', voteCount: 0 },
      { candidateId: 'c00002', voteCount: 12 },
    ]);
  });

  it('reads no results for an election that does not exist', async () => {
    await expect(store.readResults('e99999')).resolves.toBeUndefined();
  });

  it('lists every election with its candidates from the catalog index, without tallies', async () => {
    const listed = await store.listElections();
    expect(listed.map((election) => election.electionId)).toEqual(ELECTIONS);
    expect(listed[0]).toEqual({
      electionId: 'e00001',
      description: 'Election e00001',
      date: '2025-11-04',
      candidates: [
        { candidateId: 'c00001', fullName: 'Ada Lovelace' },
        { candidateId: 'c00002', fullName: 'Grace Hopper' },
      ],
    });
  });

  it("tells a vote's status from its own items: unknown, saved, then counted", async () => {
    await expect(store.readVoteStatus('e00006', 'vote-6')).resolves.toEqual({
      voteId: 'vote-6',
      saved: false,
      counted: false,
    });
    await store.save(vote('e00006', 'vote-6'));
    await expect(store.readVoteStatus('e00006', 'vote-6')).resolves.toMatchObject({ saved: true, counted: false });
    await store.count(count('e00006', 'vote-6'));
    await expect(store.readVoteStatus('e00006', 'vote-6')).resolves.toMatchObject({ saved: true, counted: true });
  });

  it('dates the results by their last count, which a duplicate count does not move', async () => {
    await expect(store.readResults('e00006')).resolves.toMatchObject({ lastChangedAt: '2025-11-04T10:00:01.000Z' });
    await store.count(count('e00006', 'vote-7', 'c00002', '2025-11-04T10:05:00.000Z'));
    await expect(store.count(count('e00006', 'vote-7', 'c00002', '2025-11-04T10:09:00.000Z'))).resolves.toBe(
      'alreadyCounted',
    );
    await expect(store.readResults('e00006')).resolves.toMatchObject({ lastChangedAt: '2025-11-04T10:05:00.000Z' });
    await expect(store.readResults('e00001')).resolves.toMatchObject({ lastChangedAt: null });
  });
});

/** The store reads candidates in no promised order (the results' domain ranks them). */
function byId(a: { candidateId: string }, b: { candidateId: string }): number {
  return a.candidateId.localeCompare(b.candidateId);
}
