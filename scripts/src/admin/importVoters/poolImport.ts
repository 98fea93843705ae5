/**
 * A deployed stage's voters become users of its Cognito pool in bulk, with one user import job
 * (not one call per voter): GetCSVHeader -> the users' CSV (username = voter id, as for the seed
 * voters) -> CreateUserImportJob -> PUT the file to the job's pre-signed URL ->
 * StartUserImportJob -> DescribeUserImportJob until it ends. Every request is built by a pure
 * function and unit-tested; nothing here runs without AWS except through injected clients.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
  type CreateUserImportJobCommandInput,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { stagePool, type PoolClients, type StagePool } from '../../identity/cognito';

export const USERNAME_COLUMN = 'cognito:username';
export const MFA_COLUMN = 'cognito:mfa_enabled';
/** Statuses after which a job changes no more. */
const FINAL_STATUSES = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

/**
 * One line of the users' CSV under the pool's header: the voter id as username, MFA off, every
 * other attribute empty. The pool keeps no e-mail, phone or name (events/serverless.yml): the
 * roll's e-mail stays on the voter's profile only. Voter ids are identifiers ([A-Za-z0-9_-]),
 * so no field needs quoting.
 */
export function userImportLine(header: readonly string[], voterId: string): string {
  return header
    .map((column) => (column === USERNAME_COLUMN ? voterId : column === MFA_COLUMN ? 'false' : ''))
    .join(',');
}

/** The header Cognito returned, refused if it lacks a column the import needs. */
export function checkedHeader(header: readonly string[] | undefined): string[] {
  const columns = [...(header ?? [])];
  for (const required of [USERNAME_COLUMN, MFA_COLUMN])
    if (!columns.includes(required)) throw new Error(`the pool's CSV header has no ${required} column`);
  return columns;
}

export function createJobRequest(pool: StagePool, logsRoleArn: string, now: Date): CreateUserImportJobCommandInput {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return { UserPoolId: pool.userPoolId, JobName: `evote-voter-roll-${stamp}`, CloudWatchLogsRoleArn: logsRoleArn };
}

/**
 * The upload of the users' file: a PUT to the pre-signed URL, with the server-side encryption
 * header AWS's guide sends (the URL is signed for it) and the length S3 needs for a stream.
 */
export function uploadRequest(file: string): { init: RequestInit & { duplex: 'half' } } {
  const size = fs.statSync(file).size;
  return {
    init: {
      method: 'PUT',
      headers: {
        'x-amz-server-side-encryption': 'aws:kms',
        'content-length': String(size),
        'content-type': 'text/csv',
      },
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
      duplex: 'half',
    },
  };
}

export interface PoolImportOptions {
  stage: string;
  region: string;
  logsRoleArn: string;
  /** Every voter id of the roll, read as a stream. */
  voterIds: AsyncIterable<string>;
  clients: PoolClients;
  fetch?: typeof fetch;
  /** Waits between two looks at the job (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onStatus?: (job: UserImportJobType) => void;
}

export interface PoolImport {
  pool: StagePool;
  job: UserImportJobType;
}

/**
 * Runs one import job for every voter of the roll and waits for it. A voter who is a user
 * already is counted by Cognito as failed and left as they are, so importing again is harmless
 * and an interrupted import is completed by running it again.
 */
export async function importPoolUsers(options: PoolImportOptions): Promise<PoolImport> {
  const { cognito, cloudFormation } = options.clients;
  const pool = await stagePool(options.stage, options.region, cloudFormation);
  const answer = (await cognito.send(new GetCSVHeaderCommand({ UserPoolId: pool.userPoolId }))) as {
    CSVHeader?: string[];
  };
  const header = checkedHeader(answer.CSVHeader);
  const file = await writeUsersFile(header, options.voterIds);
  try {
    const created = (await cognito.send(
      new CreateUserImportJobCommand(
        createJobRequest(pool, options.logsRoleArn, (options.now ?? (() => new Date()))()),
      ),
    )) as { UserImportJob?: UserImportJobType };
    const jobId = created.UserImportJob?.JobId;
    const url = created.UserImportJob?.PreSignedUrl;
    if (!jobId || !url) throw new Error('CreateUserImportJob answered without a job id or upload URL');
    const response = await (options.fetch ?? fetch)(url, uploadRequest(file).init);
    if (!response.ok) throw new Error(`uploading the users' file for job ${jobId} answered ${response.status}`);
    await cognito.send(new StartUserImportJobCommand({ UserPoolId: pool.userPoolId, JobId: jobId }));
    return { pool, job: await waitForJob(options, pool, jobId) };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function waitForJob(options: PoolImportOptions, pool: StagePool, jobId: string): Promise<UserImportJobType> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const described = (await options.clients.cognito.send(
      new DescribeUserImportJobCommand({ UserPoolId: pool.userPoolId, JobId: jobId }),
    )) as { UserImportJob?: UserImportJobType };
    const job = described.UserImportJob ?? { JobId: jobId };
    options.onStatus?.(job);
    if (FINAL_STATUSES.has(job.Status ?? '')) return job;
    await sleep(5000);
  }
}

/** The users' CSV in a private temporary folder, written as the roll is read. */
async function writeUsersFile(header: readonly string[], voterIds: AsyncIterable<string>): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-users-'));
  const file = path.join(folder, 'users.csv');
  const out = fs.createWriteStream(file, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // observed by the races below; this only keeps it from being unhandled
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write(header.join(','));
  for await (const voterId of voterIds) await write(userImportLine(header, voterId));
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return file;
}
