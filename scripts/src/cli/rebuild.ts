/**
 * `yarn rebuild [--json] [--stage <name> [--region <r>]]`
 * Folds the audit log alone (each ballot's stream in revision order) into ballot states and
 * tallies, and compares them with the voters and elections tables. Prints the differences in
 * `yarn verify`'s format; exits 1 if there is any, 2 if it cannot read the tables. Writes
 * nothing. Local stack unless --stage is given.
 */
import { formatRebuild, rebuildTables } from '../rebuild';
import { parseArgs } from './args';
import { explainConnectionError, resolveTarget } from './target';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['json'], values: ['stage', 'region'] });
  if (args.positional.length) throw new Error('usage: yarn rebuild [--json] [--stage NAME [--region R]]');
  const target = await resolveTarget({ stage: args.values.stage, region: args.values.region });
  try {
    const tables = { voters: target.tableOf('evote-voters'), elections: target.tableOf('evote-elections'), audit: target.tableOf('evote-audit') };
    const report = await rebuildTables(target.db, tables);
    console.log(args.flags.json ? JSON.stringify(report, null, 2) : formatRebuild(report, target.describe));
    if (report.differences.length) process.exitCode = 1;
  } catch (error) {
    throw explainConnectionError(error as Error, target);
  } finally {
    target.close();
  }
}

main().catch((error: Error) => {
  console.error(`rebuild failed: ${error.message}`);
  process.exit(2);
});
