/**
 * `yarn admin import-voters <roll.csv> [--stage <s> [--region <r>] --logs-role-arn <arn>] [--yes] [--concurrency <n>]`
 * `yarn admin import-voters --generate <count> <out.csv>`
 *
 * Enrols the voters of a CSV roll and issues each one ballot (docs/voter-roll.md). Pass 1 reads
 * the whole file and refuses it, with every bad row's line number, before anything is written;
 * pass 2 reads it again and writes each new voter in one conditional transaction, so importing
 * again changes nothing and importing after an interruption completes the roll. With --stage the
 * deployed tables are changed (after a confirmation, unless --yes) and the voters then become
 * users of the stage's Cognito pool in one user import job. `--generate` writes a made-up roll
 * for measuring.
 */
import { confirm } from '../../cli/confirm';
import { parseArgs } from '../../cli/args';
import { withTarget, type StageTarget } from '../../cli/target';
import { eventsStackName } from '../../identity/cognito';
import { checkRoll, describeProblems } from './checkRoll';
import { generateRoll } from './generateRoll';
import { reportPoolImport, rollVoterIds, withPoolClients } from './poolStep';
import { ProgressLine, summaryLines } from './report';
import { openRoll } from './rollFile';
import { DEFAULT_CONCURRENCY, writeRoll } from './writeRoll';
import { importPoolUsers } from './poolImport';

const USAGE = [
  'usage: yarn admin import-voters <roll.csv> [--stage <s> [--region <r>] --logs-role-arn <arn>] [--yes] [--concurrency <n>]',
  '       yarn admin import-voters --generate <count> <out.csv>',
].join('\n');

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    flags: ['yes', 'help'],
    values: ['stage', 'region', 'logs-role-arn', 'concurrency', 'generate'],
  });
  if (args.flags.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (args.values.generate !== undefined) return generate(file, Number(args.values.generate));
  const concurrency = Number(args.values.concurrency ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    console.error(`--concurrency must be a whole number from 1 to 256, got ${args.values.concurrency}`);
    return 2;
  }
  const logsRoleArn = args.values['logs-role-arn'];
  if (args.values.stage !== undefined && logsRoleArn === undefined) {
    console.error(
      `--stage needs --logs-role-arn <arn>: Cognito's user import job logs to CloudWatch through a role that ` +
        `cognito-idp.amazonaws.com may assume (see docs/voter-roll.md).\n${USAGE}`,
    );
    return 2;
  }
  const started = performance.now();
  const check = await checkRoll(openRoll(file));
  if (check.problems.length > 0) {
    console.error(`Refused ${file}: ${check.problems.length} bad row(s); nothing was written.`);
    for (const line of describeProblems(check.problems)) console.error(`  ${line}`);
    return 1;
  }
  console.log(
    `${file}: ${check.rows} row(s), ${check.voters} voter(s)` +
      (check.derivedIds > 0 ? ` (${check.derivedIds} with a voter id derived from name and e-mail)` : ''),
  );
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    return await importInto(target, { file, concurrency, logsRoleArn, yes: args.flags.yes === true, started });
  });
}

interface ImportRun {
  file: string;
  concurrency: number;
  logsRoleArn: string | undefined;
  yes: boolean;
  started: number;
}

async function importInto(target: StageTarget, run: ImportRun): Promise<number> {
  const tableName = target.tableOf('evote-voters');
  console.log(`Importing into ${tableName} of ${target.describe}: each voter not there yet gets one ISSUED ballot.`);
  if (target.remote)
    console.log(
      `  then the roll's voters become users of the pool of ${eventsStackName(target.stage)} (one import job)`,
    );
  if (target.remote && !run.yes && !(await confirm(`Change ${target.describe}? [y/N] `))) {
    console.log('Nothing changed.');
    return 1;
  }
  const progress = new ProgressLine(process.stderr);
  const result = await writeRoll({
    db: target.db,
    tableName,
    source: openRoll(run.file),
    concurrency: run.concurrency,
    onProgress: (counts) => progress.update(counts, run.started),
  });
  progress.end();
  for (const line of summaryLines(result, performance.now() - run.started)) console.log(line);
  if (target.remote && run.logsRoleArn) {
    const logsRoleArn = run.logsRoleArn;
    const pool = await withPoolClients(target.region, (clients) =>
      importPoolUsers({
        stage: target.stage,
        region: target.region,
        logsRoleArn,
        voterIds: rollVoterIds(run.file),
        clients,
        onStatus: (job) => console.log(`  user import job ${job.JobId}: ${job.Status ?? 'unknown'}`),
      }),
    );
    return reportPoolImport(pool);
  }
  return 0;
}

async function generate(file: string, count: number): Promise<number> {
  const started = performance.now();
  await generateRoll(file, count);
  console.log(
    `Wrote ${count} generated voter(s) to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  return 0;
}
