/**
 * The shell of `yarn verify` and `yarn run rebuild`: parse `[--json] [--stage NAME [--region R]]`,
 * check the three tables of the target, print the report (or JSON), exit 1 when it found a
 * difference and 2 when the tables could not be read.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VerifiedTables } from '../verify';
import { parseArgs } from './args';
import { withTarget } from './target';

export interface TableCheck<R extends { differences: readonly unknown[] }> {
  command: string;
  check(db: DynamoDBDocumentClient, tables: VerifiedTables): Promise<R>;
  format(result: R, target: string): string;
}

export function runTableCheck<R extends { differences: readonly unknown[] }>(check: TableCheck<R>): void {
  main(check).catch((error: Error) => {
    console.error(`${check.command} failed: ${error.message}`);
    process.exit(2);
  });
}

async function main<R extends { differences: readonly unknown[] }>({
  command,
  check,
  format,
}: TableCheck<R>): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['json'], values: ['stage', 'region'] });
  if (args.positional.length) throw new Error(`usage: yarn ${command} [--json] [--stage NAME [--region R]]`);
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    const tables = {
      voters: target.tableOf('evote-voters'),
      elections: target.tableOf('evote-elections'),
      audit: target.tableOf('evote-audit'),
    };
    const result = await check(target.db, tables);
    console.log(args.flags.json ? JSON.stringify(result, null, 2) : format(result, target.describe));
    if (result.differences.length) process.exitCode = 1;
  });
}
