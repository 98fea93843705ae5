/**
 * `rebuildTables`: read the audit table whole and the live rows, then fold and compare (the
 * logic behind `yarn run rebuild`); `formatRebuild`: the report as people read it, laid out like
 * `yarn verify`'s.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { renderTable } from '../inspect/table';
import { formatDifferences } from '../verify/report';
import {
  candidateRows,
  readTables,
  seedBallots,
  toBallot,
  type TableRows,
  type VerifiedTables,
} from '../verify/snapshot';
import { rebuild, type RebuildReport } from './rebuild';

export { rebuild, type RebuildReport } from './rebuild';

export async function rebuildTables(db: DynamoDBDocumentClient, tables: VerifiedTables): Promise<RebuildReport> {
  return rebuildFrom(await readTables(db, tables));
}

/** The rebuild of rows already read (`readTables`). */
export function rebuildFrom(rows: TableRows & { auditItems: readonly Record<string, unknown>[] }): RebuildReport {
  return rebuild({
    auditItems: rows.auditItems,
    baseline: seedBallots(),
    candidates: candidateRows(rows.electionItems),
    ballots: rows.ballotItems.map(toBallot),
  });
}

export function formatRebuild(report: RebuildReport, target: string): string {
  const { counts, tallies, ballots, differences } = report;
  const changed = ballots.filter((row) => row.live !== row.rebuilt);
  return [
    `Rebuilt ${target} from the audit log alone:`,
    `  ${counts.events} event(s) in ${counts.streams} stream(s) with revisions; ${counts.voteCasts} Vote Cast, ${counts.verifiedBallots} verified ballot(s); ${ballots.length} ballot(s), ${tallies.length} candidate(s) compared`,
    '',
    renderTable(
      ['election', 'candidate', 'voteCount', 'rebuilt', ''],
      tallies.map((row) => [
        row.electionId,
        row.candidateId,
        row.live,
        row.rebuilt,
        row.live === row.rebuilt ? 'ok' : 'DIFFERS',
      ]),
    ),
    '',
    changed.length === 0
      ? `Ballot states: all ${ballots.length} agree.`
      : renderTable(
          ['voter', 'ballot', 'voters table', 'rebuilt'],
          changed.map((row) => [row.voterId, row.ballotId, row.live ?? '(missing)', row.rebuilt]),
        ),
    '',
    formatDifferences(
      differences,
      'No differences: the audit log rebuilds every tally and ballot state the tables hold.',
    ),
  ].join('\n');
}
