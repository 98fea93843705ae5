/**
 * The lifecycle writes against DynamoDB Local: the conditions that make them idempotent are
 * DynamoDB's to enforce, so they are tested on the real thing.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { ElectionNotFoundError } from '../../domain/errors';
import { electionKey } from '../../domain/keys';
import { electionSeedItems } from '../../seed';
import { DynamoElectionStore } from './electionStore';

let table: TableUnderTest;
let store: DynamoElectionStore;

const certification = (value: string) => ({
  certifiedAt: '2026-11-04T09:00:00.000Z',
  tallies: [{ candidateId: 'c00001', voteCount: 2 }],
  auditDigest: { algorithm: 'SHA-256' as const, value: value.repeat(64), eventCount: 7 },
});

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-elections', logicalId: 'ElectionsTable' });
  const seed = ['e00001', 'e00002'].map((electionId) => ({
    electionId,
    description: `Election ${electionId}`,
    date: '2026-11-03',
    candidates: [{ candidateId: 'c00001', fullName: 'Ada Lovelace' }],
  }));
  for (const item of electionSeedItems(seed)) {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: item }));
  }
  store = new DynamoElectionStore({ tableName: table.tableName, client: table.db });
}, 120_000);

afterAll(async () => {
  await table?.stop();
});

const electionItem = async (electionId: string) =>
  (await table.db.send(new GetCommand({ TableName: table.tableName, Key: electionKey(electionId) }))).Item;

describe('recording the lifecycle', () => {
  it('records open, close and certification once each; a late Opened after the close changes nothing', async () => {
    const at = (time: string) => `2026-11-03T${time}.000Z`;
    expect(await store.record({ kind: 'opened', electionId: 'e00001', openedAt: at('08:00:00') })).toBe('recorded');
    expect(await store.record({ kind: 'opened', electionId: 'e00001', openedAt: at('08:00:05') })).toBe('unchanged');
    expect(await store.record({ kind: 'closed', electionId: 'e00001', closedAt: at('20:00:00') })).toBe('recorded');
    expect(await store.record({ kind: 'closed', electionId: 'e00001', closedAt: at('20:00:09') })).toBe('unchanged');
    const first = certification('a');
    expect(await store.record({ kind: 'certified', electionId: 'e00001', certification: first })).toBe('recorded');
    expect(await store.record({ kind: 'certified', electionId: 'e00001', certification: certification('b') })).toBe(
      'unchanged',
    );
    expect(await electionItem('e00001')).toMatchObject({
      description: 'Election e00001',
      openedAt: at('08:00:00'),
      closedAt: at('20:00:00'),
      certification: first,
    });
  });

  it('never opens an election whose Election Closed arrived first', async () => {
    await store.record({ kind: 'closed', electionId: 'e00002', closedAt: '2026-11-03T20:00:00.000Z' });
    expect(await store.record({ kind: 'opened', electionId: 'e00002', openedAt: '2026-11-03T08:00:00.000Z' })).toBe(
      'unchanged',
    );
    expect((await electionItem('e00002'))?.openedAt).toBeUndefined();
  });

  it('creates nothing for an unknown election, and says so', async () => {
    await expect(
      store.record({ kind: 'closed', electionId: 'e99999', closedAt: '2026-11-03T20:00:00.000Z' }),
    ).rejects.toThrow(ElectionNotFoundError);
    expect(await electionItem('e99999')).toBeUndefined();
  });
});
