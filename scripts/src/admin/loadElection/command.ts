/**
 * `yarn admin load-election <definition.yaml|json> [--stage <s> [--region <r>]] [--yes]`
 *
 * Checks the election definition (docs/election-definition.md) and refuses it, with every
 * problem's line, before anything is written. Then writes each new or changed election and its
 * candidates, and creates its one-time schedules (Election Opened at opensAt, Election Closed at
 * closesAt): in the local stack's scheduler by default, in EventBridge Scheduler with --stage
 * (after a confirmation, unless --yes). Loading the same file again changes nothing; an election
 * that differs from the stored one after its polls opened is refused, and then nothing of the
 * file is written.
 */
import fs from 'node:fs';
import { confirm } from '../../cli/confirm';
import { describeProblems, parseDefinitionText, type ElectionDefinition } from '@evote/elections';
import { parseArgs } from '../../cli/args';
import { withTarget, type StageTarget } from '../../cli/target';
import { loadElection, type LoadSummary } from './loadElection';
import { schedulerFor } from './scheduleTarget';
import { dynamoDefinitionStore } from './store';

const USAGE = 'usage: yarn admin load-election <definition.yaml|json> [--stage <s> [--region <r>]] [--yes]';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['yes', 'help'], values: ['stage', 'region'] });
  if (args.flags.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`${file}: no such file`);
    return 2;
  }
  const check = parseDefinitionText(fs.readFileSync(file, 'utf8'));
  if (!check.ok) {
    console.error(`Refused ${file}: ${check.problems.length} problem(s); nothing was written.`);
    for (const line of describeProblems(file, check.problems)) console.error(`  ${line}`);
    return 1;
  }
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    return await loadInto(target, file, check.definition, args.flags.yes === true);
  });
}

async function loadInto(
  target: StageTarget,
  file: string,
  definition: ElectionDefinition,
  yes: boolean,
): Promise<number> {
  const table = target.tableOf('evote-elections');
  const { scheduler, schedule } = await schedulerFor(target);
  try {
    console.log(
      `Loading ${definition.elections.length} election(s) of ${file} into ${table} of ${target.describe}; ` +
        `schedules in group ${schedule.groupName}.`,
    );
    if (target.remote && !yes && !(await confirm(`Change ${target.describe}? [y/N] `))) {
      console.log('Nothing changed.');
      return 1;
    }
    const started = performance.now();
    const summary = await loadElection(definition, {
      store: dynamoDefinitionStore(target.db, table),
      scheduler,
      target: schedule,
    });
    return report(summary, performance.now() - started);
  } finally {
    scheduler.destroy();
  }
}

function report(summary: LoadSummary, elapsedMs: number): number {
  if (summary.refused.length > 0) {
    console.error(`Refused: nothing of the file was written.`);
    for (const reason of summary.refused) console.error(`  ${reason}`);
    return 1;
  }
  const { created, updated, removed } = summary.schedules;
  console.log(
    `Elections: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged` +
      `${summary.created.length + summary.updated.length > 0 ? ` (${[...summary.created, ...summary.updated].join(', ')})` : ''}.`,
  );
  console.log(
    `Schedules: ${created.length} created, ${updated.length} updated, ${removed.length} removed` +
      `${created.length + updated.length > 0 ? ` (${[...created, ...updated].join(', ')})` : ''}.`,
  );
  if (summary.notScheduled.length > 0)
    console.log(
      `Not scheduled, their instant had passed (no Election Opened/Closed will be emitted for them): ${summary.notScheduled.join(', ')}.`,
    );
  console.log(`Done in ${(elapsedMs / 1000).toFixed(2)} s.`);
  return 0;
}
