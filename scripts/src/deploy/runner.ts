/**
 * Runs the steps of a plan for real: `yarn sls ...` as a child process in the service folder,
 * its output passed on line by line; the web app's build in process; the deletion-protection,
 * web upload and bucket calls through the AWS SDK with the usual credential chain. The SDK
 * clients can be replaced, so the calls are tested without AWS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UpdateUserPoolCommandInput,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Sender } from '../identity/cognito';
import { buildWebApp, webPaths } from '../web/build';
import type { EmptyWebBucketStep, SlsStep, Step, StepRunner, UnprotectTableStep, UnprotectUserPoolStep } from './plan';
import { emptyBucket, publishWeb } from './web';

export interface AwsClients {
  dynamodb: Sender;
  cognito: Sender;
  cloudFormation: Sender;
  s3: Sender;
  cloudFront: Sender;
}

export interface RunnerOptions {
  /** The repository root, which holds the service folders. */
  root: string;
  /** Defaults to SDK clients for `region`, created on first use. */
  clients?: AwsClients;
  region: string;
  /** How long to wait for a table to be ACTIVE after UpdateTable, and how often to look. */
  tableWait?: { timeoutMs: number; intervalMs: number };
}

/** A command that exited with a status other than 0. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  readonly code = 'COMMAND_FAILED';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`${command} exited with ${signal ?? `status ${exitCode}`}`);
  }
}

export function stepRunner(options: RunnerOptions): StepRunner {
  let clients = options.clients;
  const aws = () => (clients ??= defaultClients(options.region));
  const wait = options.tableWait ?? { timeoutMs: 5 * 60_000, intervalMs: 2_000 };
  return {
    run(step: Step, output: (line: string) => void): Promise<void> {
      switch (step.kind) {
        case 'sls':
          return runSls(options.root, step, output);
        case 'unprotect-table':
          return unprotectTable(aws().dynamodb, step, output, wait);
        case 'unprotect-user-pool':
          return unprotectUserPool(aws(), step, output);
        case 'build-web':
          return buildWeb(options.root, output);
        case 'publish-web': {
          const distDir = webPaths(options.root).outDir;
          return publishWeb(aws(), { distDir, region: options.region, stackNames: step.stackNames }, output);
        }
        case 'empty-web-bucket':
          return emptyWebBucket(aws(), step, output);
      }
    },
  };
}

function defaultClients(region: string): AwsClients {
  // The pinned SDK runs on Node 20; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    dynamodb: new DynamoDBClient({ region }),
    cognito: new CognitoIdentityProviderClient({ region }),
    cloudFormation: new CloudFormationClient({ region }),
    s3: new S3Client({ region }),
    // CloudFront is global; the client signs for us-east-1 whatever region it is given.
    cloudFront: new CloudFrontClient({ region }),
  };
}

function runSls(root: string, step: SlsStep, output: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdin closed: the framework must never wait for an answer nobody sees behind the prefix.
    const child = spawn('yarn', step.args, {
      cwd: path.join(root, step.service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const flushOut = forEachLine(child.stdout, output);
    const flushErr = forEachLine(child.stderr, output);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      flushOut();
      flushErr();
      if (code === 0) resolve();
      else reject(new CommandFailedError(`yarn ${step.args.join(' ')}`, code, signal));
    });
  });
}

/** Calls `line` for each complete line of the stream; the returned function flushes the rest. */
export function forEachLine(stream: NodeJS.ReadableStream, line: (text: string) => void): () => void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    lines.forEach(line);
  });
  return () => {
    if (pending !== '') line(pending);
    pending = '';
  };
}

async function unprotectTable(
  dynamodb: Sender,
  step: UnprotectTableStep,
  output: (line: string) => void,
  wait: { timeoutMs: number; intervalMs: number },
): Promise<void> {
  try {
    await dynamodb.send(new UpdateTableCommand({ TableName: step.tableName, DeletionProtectionEnabled: false }));
  } catch (error) {
    // A removal run again after a partial failure meets tables that are already gone.
    if (isNamed(error, 'ResourceNotFoundException')) {
      output(`table ${step.tableName} does not exist: nothing to unprotect`);
      return;
    }
    throw error;
  }
  // A table that is still UPDATING cannot be deleted, and CloudFormation would fail on it.
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const described = (await dynamodb.send(new DescribeTableCommand({ TableName: step.tableName }))) as {
      Table?: { TableStatus?: string };
    };
    if (described.Table?.TableStatus === 'ACTIVE') break;
    if (Date.now() >= deadline)
      throw new Error(`table ${step.tableName} is still ${described.Table?.TableStatus} after UpdateTable`);
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs));
  }
  output(`table ${step.tableName}: deletion protection off`);
}

async function unprotectUserPool(
  clients: AwsClients,
  step: UnprotectUserPoolStep,
  output: (line: string) => void,
): Promise<void> {
  const userPoolId = await physicalId(clients.cloudFormation, step.stackName, step.logicalId);
  if (!userPoolId) {
    output(`stack ${step.stackName} has no ${step.logicalId}: nothing to unprotect`);
    return;
  }
  const described = (await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))) as {
    UserPool?: UserPoolType;
  };
  if (!described.UserPool) throw new Error(`DescribeUserPool returned no pool for ${userPoolId}`);
  await clients.cognito.send(new UpdateUserPoolCommand(unprotectedPoolRequest(userPoolId, described.UserPool)));
  output(`user pool ${userPoolId}: deletion protection off`);
}

async function buildWeb(root: string, output: (line: string) => void): Promise<void> {
  const started = Date.now();
  await buildWebApp(webPaths(root));
  output(`web app built in ${Date.now() - started} ms`);
}

async function emptyWebBucket(clients: AwsClients, step: EmptyWebBucketStep, output: (line: string) => void) {
  const bucket = await physicalId(clients.cloudFormation, step.stackName, step.logicalId);
  if (!bucket) {
    output(`stack ${step.stackName} has no ${step.logicalId}: nothing to empty`);
    return;
  }
  try {
    output(`bucket ${bucket}: ${await emptyBucket(clients.s3, bucket)} object version(s) deleted`);
  } catch (error) {
    // A removal run again after a partial failure may meet a bucket that is already gone.
    if (!isNamed(error, 'NoSuchBucket')) throw error;
    output(`bucket ${bucket} does not exist: nothing to empty`);
  }
}

/** A resource's physical id in a stack; undefined when the stack or the resource does not exist. */
async function physicalId(cloudFormation: Sender, stackName: string, logicalId: string) {
  try {
    const found = (await cloudFormation.send(
      new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }),
    )) as { StackResourceDetail?: { PhysicalResourceId?: string } };
    return found.StackResourceDetail?.PhysicalResourceId;
  } catch (error) {
    // CloudFormation answers ValidationError for a stack (or a resource in it) that does not exist.
    if (!isNamed(error, 'ValidationError')) throw error;
    return undefined;
  }
}

/**
 * UpdateUserPool sets every setting it is not given back to its default, which would, among
 * others, let anyone sign themselves up (AllowAdminCreateUserOnly false) if the stack removal
 * that follows failed. So the request carries every updatable setting the pool has now, and
 * changes only DeletionProtection.
 */
export function unprotectedPoolRequest(userPoolId: string, pool: UserPoolType): UpdateUserPoolCommandInput {
  // Deprecated and still returned, but UpdateUserPool rejects it (PasswordPolicy holds the value).
  const { UnusedAccountValidityDays: _deprecated, ...adminCreateUserConfig } = pool.AdminCreateUserConfig ?? {};
  const request: UpdateUserPoolCommandInput = {
    UserPoolId: userPoolId,
    PoolName: pool.Name,
    Policies: pool.Policies,
    LambdaConfig: pool.LambdaConfig,
    AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
    SmsVerificationMessage: pool.SmsVerificationMessage,
    EmailVerificationMessage: pool.EmailVerificationMessage,
    EmailVerificationSubject: pool.EmailVerificationSubject,
    VerificationMessageTemplate: pool.VerificationMessageTemplate,
    SmsAuthenticationMessage: pool.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
    MfaConfiguration: pool.MfaConfiguration,
    DeviceConfiguration: pool.DeviceConfiguration,
    EmailConfiguration: pool.EmailConfiguration,
    SmsConfiguration: pool.SmsConfiguration,
    UserPoolTags: pool.UserPoolTags,
    AdminCreateUserConfig: pool.AdminCreateUserConfig && adminCreateUserConfig,
    UserPoolAddOns: pool.UserPoolAddOns,
    AccountRecoverySetting: pool.AccountRecoverySetting,
    UserPoolTier: pool.UserPoolTier,
    DeletionProtection: 'INACTIVE',
  };
  return Object.fromEntries(
    Object.entries(request).filter(([, value]) => value !== undefined),
  ) as UpdateUserPoolCommandInput;
}

const isNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;
