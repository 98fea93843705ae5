/**
 * `yarn run info --stage <s> [--region <r>] [--param key=value ...] [--dry-run]`
 * Runs `yarn sls info --verbose` in each service folder and prints one table: every HTTP route
 * with its URL, and the stage's bus. A service that is not deployed gets a row saying so, and
 * the exit status is 1. `--dry-run` prints the commands and runs nothing.
 */
import { formatInfo, gatherInfo, infoPlan } from '../deploy/info';
import { describePlan } from '../deploy/plan';
import { stepRunner } from '../deploy/runner';
import { loadStackModel } from '../local/model/load';
import { repoRoot } from '../local/paths';
import { parseStageCommand, runStageCommand } from './stageCommand';
import { paramRecord } from '../deploy/protection';

const USAGE = 'usage: yarn run info --stage <s> [--region <r>] [--param key=value ...] [--dry-run]';

runStageCommand(async () => {
  const { options, dryRun } = parseStageCommand(process.argv.slice(2), USAGE);
  const plan = infoPlan(options);
  if (dryRun) {
    process.stdout.write(`# ${plan.command}: dry run, nothing is run\n${describePlan(plan).join('\n')}\n`);
    return;
  }
  const model = await loadStackModel({
    root: repoRoot(),
    stage: options.stage,
    ...(options.region === undefined ? {} : { region: options.region }),
    params: paramRecord(options.params),
  });
  const reports = await gatherInfo(plan, stepRunner({ root: repoRoot(), region: model.region }));
  process.stdout.write(`stage ${options.stage} (${model.region})\n${formatInfo(reports, model.buses).join('\n')}\n`);
  if (reports.some((report) => 'failure' in report)) process.exitCode = 1;
});
