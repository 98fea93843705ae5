/**
 * `yarn inspect <results|ballots|votes|audit> [options] [--json] [--stage <name> [--region <r>]]`
 *   results [--election ID] [--as-of ISO]   per election, candidates with names and tallies, most votes first (at an instant: from the audit log)
 *   ballots [--as-of ISO]                   voters, their ballots and states (at an instant: from the audit log)
 *   votes [--election ID]      saved votes
 *   audit [--entity BALLOT#49aef2] [--type "Vote Cast"] [--limit N]   the audit log in time order
 * Readable tables by default; --json prints a JSON array. Local stack unless --stage is given.
 */
import { rankCandidates } from '@evote/elections';
import { auditLog, ballots, electionResults, votes } from '../inspect/queries';
import { ballotsAsOf, resultsAsOf } from '../inspect/asOf';
import { renderTable } from '../inspect/table';
import { parseArgs } from './args';
import { withTarget, type StageTarget } from './target';

const USAGE =
  'usage: yarn inspect <results|ballots|votes|audit> [--as-of ISO] [--election ID] [--entity KEY] [--type TYPE] [--limit N] [--json] [--stage NAME [--region R]]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    flags: ['json'],
    values: ['stage', 'region', 'election', 'entity', 'type', 'limit', 'as-of'],
  });
  const [view] = args.positional;
  if (!view || !['results', 'ballots', 'votes', 'audit'].includes(view)) throw new Error(USAGE);
  const limit = args.values.limit === undefined ? undefined : Number(args.values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new Error('--limit must be a whole number above 0');
  const asOf = args.values['as-of'];
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf)))
    throw new Error(`--as-of must be an ISO time, got "${asOf}"`);
  if (asOf !== undefined && view !== 'results' && view !== 'ballots')
    throw new Error('--as-of applies to results and ballots');
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    const { rows, text } = await render(view, target, {
      election: args.values.election,
      entity: args.values.entity,
      type: args.values.type,
      limit,
      asOf,
    });
    console.log(args.flags.json ? JSON.stringify(rows, null, 2) : text);
  });
}

interface Filters {
  asOf?: string;
  election?: string;
  entity?: string;
  type?: string;
  limit?: number;
}

async function render(view: string, target: StageTarget, filters: Filters): Promise<{ rows: unknown[]; text: string }> {
  const elections = target.tableOf('evote-elections');
  switch (view) {
    case 'results': {
      const found = filters.asOf
        ? await resultsAsOf(
            target.db,
            { elections, audit: target.tableOf('evote-audit') },
            filters.asOf,
            filters.election,
          )
        : await electionResults(target.db, elections, filters.election);
      // In the order the read API and the results page give (of the counts at --as-of, if given).
      const rows = found.map((election) => ({ ...election, candidates: rankCandidates(election.candidates) }));
      const text = rows
        .map(
          (election) =>
            `${election.description} (${election.electionId})\n${renderTable(
              ['candidate', 'name', 'votes'],
              election.candidates.map((c) => [c.candidateId, c.fullName, c.voteCount]),
            )}`,
        )
        .join('\n\n');
      return { rows, text: text || 'no elections' };
    }
    case 'ballots': {
      const voters = target.tableOf('evote-voters');
      const rows = filters.asOf
        ? await ballotsAsOf(target.db, { voters, audit: target.tableOf('evote-audit') }, filters.asOf)
        : await ballots(target.db, voters);
      return {
        rows,
        text: renderTable(
          ['voter', 'name', 'ballot', 'state'],
          rows.map((r) => [r.voterId, r.fullName, r.ballotId, r.ballotState]),
        ),
      };
    }
    case 'votes': {
      const rows = await votes(target.db, elections, filters.election);
      return {
        rows,
        text: renderTable(
          ['vote', 'ballot', 'election', 'candidate'],
          rows.map((r) => [r.voteId, r.ballotId, r.electionId, r.candidateId]),
        ),
      };
    }
    default: {
      const rows = await auditLog(target.db, target.tableOf('evote-audit'), filters);
      return {
        rows,
        text: renderTable(
          ['time', 'entity', 'rev', 'type', 'source', 'event', 'correlation'],
          rows.map((r) => [r.time, r.entity, r.revision ?? '', r.detailType, r.source, r.eventId, r.correlationId]),
        ),
      };
    }
  }
}

main().catch((error: Error) => {
  console.error(error.message === USAGE ? USAGE : `inspect failed: ${error.message}`);
  process.exit(1);
});
