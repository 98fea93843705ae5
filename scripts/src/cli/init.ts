/**
 * `yarn run init [voters|elections|audit ...] [--stage <name> [--region <r>]] [--yes]`
 * Resets tables to the seed data: voters and elections get their seed back (votes, tally markers
 * and anything else not in the seed are deleted, voteCounts return to 0); the audit table is
 * emptied. Without names: all three. Local stack by default; a deployed stage asks first, and
 * there the seed voters also become users of the stage's Cognito pool (when the voters table is
 * reset), so that `yarn token voter <id> --stage <name>` can sign them in.
 */
import { confirm } from './confirm';
import { voterSeed } from '@evote/voters';
import { enrolSeedVoters, eventsStackName } from '../identity/cognito';
import { applyReset, planReset, type ResetPlan } from '../init/reset';
import { SEEDS, type SeededService } from '../init/seeds';
import { parseArgs } from './args';
import { withTarget, type StageTarget } from './target';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['yes'], values: ['stage', 'region'] });
  const services = (args.positional.length ? args.positional : Object.keys(SEEDS)) as SeededService[];
  for (const name of services)
    if (!(name in SEEDS)) throw new Error(`unknown table "${name}": choose from ${Object.keys(SEEDS).join(', ')}`);
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    const plans = await Promise.all(
      services.map((name) => planReset(target.db, target.tableOf(SEEDS[name].service), SEEDS[name].items())),
    );
    console.log(`Resetting ${target.describe}:`);
    for (const plan of plans)
      console.log(
        `  ${plan.table}: delete ${plan.deletes.length} item(s) not in the seed, write ${plan.puts.length} seed item(s)`,
      );
    if (target.remote && services.includes('voters'))
      console.log(
        `  user pool of ${eventsStackName(target.stage)}: make the ${voterSeed.length} seed voters its users`,
      );
    if (target.remote && !args.flags.yes && !(await confirm(`Change ${target.describe}? [y/N] `))) {
      console.log('Nothing changed.');
      return;
    }
    for (const plan of plans) await applyWithProgress(target, plan);
    console.log('Done: the tables hold the seed data.');
    if (target.remote && services.includes('voters')) await enrolVoters(target);
  });
}

/** A deployed stage's seed voters sign in to its Cognito pool (username = voter id). */
async function enrolVoters(target: StageTarget): Promise<void> {
  const enrolment = await enrolSeedVoters(
    voterSeed.map((voter) => voter.voterId),
    { stage: target.stage, region: target.region },
  );
  console.log(
    `  user pool ${enrolment.pool.userPoolId}: ${enrolment.created.length} seed voter(s) created, ${enrolment.existing.length} already there; ` +
      `passwords in ${enrolment.passwordsFile} (for \`yarn token voter <id> --stage ${target.stage}\`)`,
  );
}

async function applyWithProgress(target: StageTarget, plan: ResetPlan): Promise<void> {
  const interactive = process.stdout.isTTY;
  await applyReset(target.db, plan, ({ table, done, total }) => {
    if (interactive) process.stdout.write(`\r  ${table}: ${done}/${total}`);
  });
  if (interactive) process.stdout.write('\n');
  console.log(`  ${plan.table}: reset (${plan.deletes.length} deleted, ${plan.puts.length} written)`);
}

main().catch((error: Error) => {
  console.error(`init failed: ${error.message}`);
  process.exit(1);
});
