/** The reconciliation as people read it: the tallies three ways, then every difference. */
import { renderTable } from '../inspect/table';
import type { Difference, Reconciliation } from './reconcile';

export function formatReconciliation(result: Reconciliation, target: string): string {
  const { counts, tallies, differences } = result;
  const lines = [
    `Verified ${target}:`,
    `  ${counts.candidates} candidate(s), ${counts.votes} saved vote(s), ${counts.ballots} ballot(s); audit log: ${counts.auditEvents} event(s), ${counts.voteCasts} Vote Cast, ${counts.verifiedBallots} verified ballot(s)`,
    '',
    renderTable(
      ['election', 'candidate', 'voteCount', 'saved votes', 'audit log', ''],
      tallies.map((row) => [
        row.electionId,
        row.candidateId,
        row.voteCount,
        row.fromVotes,
        row.fromAudit,
        row.voteCount === row.fromVotes && row.voteCount === row.fromAudit ? 'ok' : 'DIFFERS',
      ]),
    ),
    '',
  ];
  return [
    ...lines,
    formatDifferences(differences, 'No differences: every tally and ballot state agrees with the audit log.'),
  ].join('\n');
}

/** The closing section of `yarn verify` and `yarn run rebuild`: every difference, or `agreement`. */
export function formatDifferences(differences: readonly Difference[], agreement: string): string {
  if (differences.length === 0) return agreement;
  return [
    `${differences.length} difference(s):`,
    renderTable(
      ['kind', 'subject', 'what was found'],
      differences.map((difference) => [difference.kind, difference.subject, difference.detail]),
    ),
  ].join('\n');
}
