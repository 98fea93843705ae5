/**
 * What `yarn deploy`, `yarn run remove` and `yarn run info` do, written down as a list of steps before
 * anything runs: `--dry-run` prints the list, the tests assert it, and one loop runs it and
 * stops at the first step that fails. Running a step is the runner's business (`runner.ts`),
 * so the loop is tested with a fake one.
 */
import { SERVICES, type ServiceDir } from './package-all';
import { describePublishWeb } from './web';

export { SERVICES, type ServiceDir };

/** What every `sls` command of a run is given. */
export interface StageOptions {
  stage: string;
  /** Absent: the region the services' serverless.yml files choose. */
  region?: string;
  /** `key=value` pairs, passed on to every `sls` command as `--param=key=value`. */
  params: string[];
}

/** `yarn sls <verb> ...` in a service folder. */
export interface SlsStep {
  kind: 'sls';
  service: ServiceDir;
  /** The arguments after `yarn`: `['sls', 'deploy', '--stage', 'dev', ...]`. */
  args: string[];
}

/** DynamoDB UpdateTable DeletionProtectionEnabled=false, then wait until the table is ACTIVE again. */
export interface UnprotectTableStep {
  kind: 'unprotect-table';
  service: ServiceDir;
  tableName: string;
}

/**
 * Cognito UpdateUserPool DeletionProtection=INACTIVE. The pool's id exists only in AWS, so it
 * is looked up in the service's stack by the logical id serverless.yml gives the pool.
 */
export interface UnprotectUserPoolStep {
  kind: 'unprotect-user-pool';
  service: ServiceDir;
  stackName: string;
  logicalId: string;
}

/** Builds the web app into events/web/dist (`scripts/src/web/build.ts`). */
export interface BuildWebStep {
  kind: 'build-web';
  service: 'events';
}

/**
 * Reads every service's stack outputs, puts the built web app and its `config.json` in the
 * WebBucket, then invalidates the distribution. After all four stacks: config.json names each
 * service's API.
 */
export interface PublishWebStep {
  kind: 'publish-web';
  service: 'events';
  stackNames: Record<ServiceDir, string>;
}

/** Deletes every object version of the WebBucket, found in the events stack by its logical id. */
export interface EmptyWebBucketStep {
  kind: 'empty-web-bucket';
  service: 'events';
  stackName: string;
  logicalId: string;
}

export type Step =
  SlsStep | UnprotectTableStep | UnprotectUserPoolStep | BuildWebStep | PublishWebStep | EmptyWebBucketStep;

/** The framework's stack name for a service on a stage (no service sets `provider.stackName`). */
export const stackNameOf = (service: ServiceDir, stage: string): string => `evote-${service}-${stage}`;

/** The events stack's logical id of the web app's bucket. */
export const WEB_BUCKET_LOGICAL_ID = 'WebBucket';

export interface Plan {
  /** The command line the plan answers, for messages: `yarn deploy --stage dev`. */
  command: string;
  steps: Step[];
}

/** Runs one step; `output` receives every line the step prints. Rejects when the step fails. */
export interface StepRunner {
  run(step: Step, output: (line: string) => void): Promise<void>;
}

/** A step that failed; the plan stopped there. */
export class PlanFailedError extends Error {
  override readonly name = 'PlanFailedError';
  readonly code = 'PLAN_FAILED';
  constructor(
    message: string,
    readonly step: Step,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `sls` arguments for one verb, with the stage, region and params of the run, in that order. */
export function slsArgs(verb: string, options: StageOptions, extra: readonly string[] = []): string[] {
  return [
    'sls',
    verb,
    '--stage',
    options.stage,
    ...(options.region === undefined ? [] : ['--region', options.region]),
    ...options.params.map((param) => `--param=${param}`),
    ...extra,
  ];
}

/** The command line a user would type for the same run, for messages. */
const YARN_BUILTINS = new Set(['remove', 'info']);

export function commandLine(name: string, options: StageOptions, flags: readonly string[] = []): string {
  // `yarn remove` and `yarn info` are yarn's own commands: its scripts of those names need `run`.
  const invocation = YARN_BUILTINS.has(name) ? ['yarn', 'run', name] : ['yarn', name];
  return [...invocation, ...slsArgs(name, options).slice(2), ...flags].map(shellQuote).join(' ');
}

/**
 * The step as the exact command or SDK calls it makes, one line each, copy-pastable where it
 * is a shell command. `<UserPoolId>` stands for the id only AWS knows.
 */
export function describeStep(step: Step): string[] {
  switch (step.kind) {
    case 'sls':
      return [`(cd ${step.service} && yarn ${step.args.map(shellQuote).join(' ')})`];
    case 'unprotect-table':
      return [
        `DynamoDB UpdateTable ${JSON.stringify({ TableName: step.tableName, DeletionProtectionEnabled: false })}`,
        `DynamoDB DescribeTable ${JSON.stringify({ TableName: step.tableName })} until TableStatus is ACTIVE`,
      ];
    case 'unprotect-user-pool': {
      const pool = { UserPoolId: '<UserPoolId>' };
      return [
        `CloudFormation DescribeStackResource ${JSON.stringify({ StackName: step.stackName, LogicalResourceId: step.logicalId })} -> <UserPoolId>`,
        `CognitoIdentityProvider DescribeUserPool ${JSON.stringify(pool)}`,
        `CognitoIdentityProvider UpdateUserPool ${JSON.stringify({ ...pool, DeletionProtection: 'INACTIVE' })} + every other setting DescribeUserPool returned`,
      ];
    }
    case 'build-web':
      return ['build events/web/dist (scripts/src/web/build.ts)'];
    case 'publish-web':
      return describePublishWeb(step);
    case 'empty-web-bucket': {
      const bucket = { Bucket: '<WebBucket>' };
      return [
        `CloudFormation DescribeStackResource ${JSON.stringify({ StackName: step.stackName, LogicalResourceId: step.logicalId })} -> <WebBucket>`,
        `S3 ListObjectVersions ${JSON.stringify(bucket)}, then DeleteObjects ${JSON.stringify(bucket)} of every version and delete marker, 1000 a time`,
      ];
    }
  }
}

/** The whole plan, one line per command or SDK call, each led by its service. */
export function describePlan(plan: Plan): string[] {
  return plan.steps.flatMap((step) =>
    describeStep(step).map((line) => `${step.service.padEnd(SERVICE_WIDTH)} ${line}`),
  );
}

const SERVICE_WIDTH = Math.max(...SERVICES.map((service) => service.length));

/**
 * Runs the steps in order; each line of output is prefixed with its service. At the first
 * failure it stops and throws, saying which service failed, which are done and which were not
 * attempted, so that the user knows where the stage stands.
 */
export async function runPlan(
  plan: Plan,
  runner: StepRunner,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  for (const [index, step] of plan.steps.entries()) {
    const prefix = `${step.service.padEnd(SERVICE_WIDTH)} | `;
    try {
      await runner.run(step, (line) => write(`${prefix}${line}`));
    } catch (error) {
      throw new PlanFailedError(failureMessage(plan, index, error), step, { cause: error });
    }
  }
}

function failureMessage(plan: Plan, index: number, error: unknown): string {
  const step = plan.steps[index] as Step;
  const labelsOf = (steps: Step[]) => [...new Set(steps.map(stepLabel))].filter((label) => label !== stepLabel(step));
  const done = labelsOf(plan.steps.slice(0, index));
  const untouched = labelsOf(plan.steps.slice(index + 1));
  const reason = error instanceof Error ? error.message : String(error);
  return [
    `${plan.command} stopped: ${step.service} failed at ${describeStep(step)[0]}`,
    `  ${reason}`,
    `  done: ${done.join(', ') || 'none'}; not attempted: ${untouched.join(', ') || 'none'}`,
  ].join('\n');
}

/** What a step is part of, for the done / not attempted lists: its service, or the web app's build or upload. */
function stepLabel(step: Step): string {
  if (step.kind === 'build-web') return 'web app build';
  if (step.kind === 'publish-web') return 'web app upload';
  return step.service;
}

/** Quotes an argument for a POSIX shell when it holds anything but plain characters. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
