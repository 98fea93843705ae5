import type { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { electionSeedItems } from '@evote/elections';
import { electionChecks } from './checks';

const tables = { voters: 'voters', elections: 'elections', audit: 'audit' };

/** A client that answers every Scan with one page of the table's items (filters ignored) and records the table. */
function scanningClient(itemsOf: Record<string, Record<string, unknown>[]>) {
  const scanned: string[] = [];
  const db = {
    send: async (command: ScanCommand) => {
      const table = String(command.input.TableName);
      scanned.push(table);
      return { Items: itemsOf[table] ?? [] };
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, scanned };
}

describe('electionChecks (yarn admin certify)', () => {
  it('reads each table once for both verify and rebuild: a scan is billed for every item it reads', async () => {
    // The seed's elections, candidates and empty tallies; no ballot, no log.
    const seeded = electionSeedItems();
    const { db, scanned } = scanningClient({ elections: seeded });
    const checks = await electionChecks(db, tables, '6353a9');
    expect(scanned.sort()).toEqual(['audit', 'elections', 'voters']);
    // Both checks ran on what was read: the empty log rebuilds both candidates at zero, as the tables have them.
    expect(checks).toEqual({
      differences: [],
      tallies: expect.arrayContaining([
        { candidateId: 'f5484e', voteCount: 0 },
        { candidateId: '16eb70', voteCount: 0 },
      ]),
    });
    expect(checks.tallies).toHaveLength(2);
  });
});
