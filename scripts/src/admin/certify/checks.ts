/**
 * `yarn verify` and `yarn run rebuild` restricted to one election. Both check the whole log; a
 * tally difference names its candidate (`candidate <electionId>/<candidateId>`), so those of
 * other elections are left out. Every other difference (a ballot's state, a saved vote against
 * its Vote Cast, the log's own integrity: forgeries, revision gaps, missing events) blocks the
 * certification wherever it is: a ballot names several elections and the log is one, so such a
 * difference cannot be said not to concern this election.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rebuildFrom } from '../../rebuild';
import { reconcile, type VerifiedTables } from '../../verify';
import { auditEventItems, readTables, snapshotOf } from '../../verify/snapshot';
import type { CheckDifference, ElectionChecks } from './certify';

/** Whether a difference concerns the election (see the opening comment). */
export function concernsElection(difference: CheckDifference, electionId: string): boolean {
  if (difference.kind !== 'tally') return true;
  return difference.subject.startsWith(`candidate ${electionId}/`);
}

/**
 * Both checks over the tables, their differences for this election, and its rebuilt tallies. The
 * tables are read once for both (the audit table whole is what rebuild needs; verify's event
 * items are among it): a scan is billed for every item it reads, whatever it keeps.
 */
export async function electionChecks(
  db: DynamoDBDocumentClient,
  tables: VerifiedTables,
  electionId: string,
): Promise<ElectionChecks> {
  const rows = await readTables(db, tables);
  const verified = reconcile(snapshotOf({ ...rows, auditEventItems: auditEventItems(rows.auditItems) }));
  const rebuilt = rebuildFrom(rows);
  const differences = [
    ...verified.differences.map((d) => ({ ...d, subject: `${d.subject} (verify)` })),
    ...rebuilt.differences.map((d) => ({ ...d, subject: `${d.subject} (rebuild)` })),
  ];
  return {
    differences: differences.filter((difference) => concernsElection(difference, electionId)),
    tallies: rebuilt.tallies
      .filter((row) => row.electionId === electionId)
      .map((row) => ({ candidateId: row.candidateId, voteCount: row.rebuilt })),
  };
}
