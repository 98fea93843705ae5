/**
 * `yarn verify [--json] [--stage <name> [--region <r>]]`
 * Recomputes every tally from the saved votes and from the audit log (its Vote Cast events) and
 * compares both with the candidates' voteCounts; compares every ballot's state with the audit
 * log's Ballot Verified events (from the seed's states, where `yarn run init` starts the log).
 * Prints the differences; exits 1 if there is any, 2 if it cannot read the tables.
 * Local stack unless --stage is given.
 */
import { formatReconciliation, verifyTables } from '../verify';
import { parseArgs } from './args';
import { explainConnectionError, resolveTarget } from './target';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['json'], values: ['stage', 'region'] });
  if (args.positional.length) throw new Error('usage: yarn verify [--json] [--stage NAME [--region R]]');
  const target = await resolveTarget({ stage: args.values.stage, region: args.values.region });
  try {
    const tables = { voters: target.tableOf('evote-voters'), elections: target.tableOf('evote-elections'), audit: target.tableOf('evote-audit') };
    const result = await verifyTables(target.db, tables);
    console.log(args.flags.json ? JSON.stringify(result, null, 2) : formatReconciliation(result, target.describe));
    if (result.differences.length) process.exitCode = 1;
  } catch (error) {
    throw explainConnectionError(error as Error, target);
  } finally {
    target.close();
  }
}

main().catch((error: Error) => {
  console.error(`verify failed: ${error.message}`);
  process.exit(2);
});
