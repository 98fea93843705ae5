/**
 * `yarn run remove --stage <s> [--region <r>] [--param key=value ...] [--disable-deletion-protection] [--dry-run]`
 * Removes the four services with `yarn sls remove` in each folder: audit, elections, voters,
 * then events. The tables (and the user pool, if serverless.yml protects it) have deletion
 * protection: without --disable-deletion-protection it lists them and refuses (exit 2) before
 * anything runs; with it, each service's protection is switched off through the AWS SDK just
 * before that service is removed. Stops at the first failure (exit 1). `--dry-run` prints every
 * command and SDK call in order and runs nothing.
 */
import { describePlan, runPlan } from '../deploy/plan';
import { stageProtection } from '../deploy/protection';
import { DISABLE_FLAG, DeletionProtectedError, removePlan } from '../deploy/remove';
import { stepRunner } from '../deploy/runner';
import { repoRoot } from '../local/paths';
import { UsageError, parseStageCommand, runStageCommand } from './stageCommand';

const USAGE = `usage: yarn run remove --stage <s> [--region <r>] [--param key=value ...] [--${DISABLE_FLAG}] [--dry-run]`;

runStageCommand(async () => {
  const { options, dryRun, flags } = parseStageCommand(process.argv.slice(2), USAGE, [DISABLE_FLAG]);
  const protection = await stageProtection(repoRoot(), options);
  let plan;
  try {
    plan = removePlan(options, protection.services, flags[DISABLE_FLAG] === true);
  } catch (error) {
    throw error instanceof DeletionProtectedError ? new UsageError(error.message) : error;
  }
  if (dryRun) {
    process.stdout.write(`# ${plan.command}: dry run, nothing is run\n${describePlan(plan).join('\n')}\n`);
    return;
  }
  await runPlan(plan, stepRunner({ root: repoRoot(), region: protection.region }));
  process.stdout.write(`Removed stage ${options.stage}\n`);
});
