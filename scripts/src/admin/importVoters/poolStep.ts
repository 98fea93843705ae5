/** The Cognito step of `import-voters --stage`: real clients, the roll's voter ids, the job's outcome. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolClients } from '../../identity/cognito';
import type { PoolImport } from './poolImport';
import { openRoll, readRoll } from './rollFile';

/** Runs `work` with SDK clients for the region, closed after it. */
export async function withPoolClients<T>(region: string, work: (clients: PoolClients) => Promise<T>): Promise<T> {
  const cognito = new CognitoIdentityProviderClient({ region });
  const cloudFormation = new CloudFormationClient({ region });
  try {
    return await work({ cognito, cloudFormation });
  } finally {
    cognito.destroy();
    cloudFormation.destroy();
  }
}

/** Every voter id of a checked roll, read again from the file. */
export async function* rollVoterIds(file: string): AsyncGenerator<string> {
  for await (const row of readRoll(openRoll(file))) {
    if (!row.verdict.ok) throw new Error(`line ${row.line} is no longer valid: the roll changed since it was checked`);
    yield row.verdict.voter.voterId;
  }
}

/** Prints the job's counts; 0 when it succeeded, 1 otherwise. */
export function reportPoolImport({ pool, job }: PoolImport): number {
  console.log(
    `User pool ${pool.userPoolId}: job ${job.JobId} ${job.Status}: ${job.ImportedUsers ?? 0} imported, ` +
      `${job.SkippedUsers ?? 0} skipped, ${job.FailedUsers ?? 0} failed (users already in the pool count as failed; ` +
      `details in CloudWatch Logs, group /aws/cognito/userpools/${pool.userPoolId}/import)`,
  );
  if (job.CompletionMessage) console.log(`  ${job.CompletionMessage}`);
  return job.Status === 'Succeeded' ? 0 : 1;
}
