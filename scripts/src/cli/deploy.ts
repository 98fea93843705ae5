/**
 * `yarn deploy --stage <s> [--region <r>] [--param key=value ...] [--dry-run]`
 * Builds the web app, deploys the four services with `yarn sls deploy` in each folder, events
 * first, then voters, elections and audit, one at a time (why: src/deploy/deploy.ts), then
 * publishes the web app to the stage's bucket and invalidates its CloudFront distribution. Each line of their output is
 * led by the service's name. Stops at the first failure, naming the service, what is deployed
 * and what was not attempted; exit 1. `--dry-run` prints the commands and runs nothing.
 */
import { deployPlan } from '../deploy/deploy';
import { describePlan, runPlan } from '../deploy/plan';
import { stepRunner } from '../deploy/runner';
import { repoRoot } from '../local/paths';
import { parseStageCommand, runStageCommand } from './stageCommand';

const USAGE = 'usage: yarn deploy --stage <s> [--region <r>] [--param key=value ...] [--dry-run]';

runStageCommand(async () => {
  const { options, dryRun } = parseStageCommand(process.argv.slice(2), USAGE);
  const plan = deployPlan(options);
  if (dryRun) {
    process.stdout.write(`# ${plan.command}: dry run, nothing is run\n${describePlan(plan).join('\n')}\n`);
    return;
  }
  await runPlan(plan, stepRunner({ root: repoRoot(), region: options.region ?? 'us-east-1' }));
  const deployed = [...new Set(plan.steps.map((step) => step.service))];
  process.stdout.write(`Deployed stage ${options.stage}: ${deployed.join(', ')}, and published the web app\n`);
});
