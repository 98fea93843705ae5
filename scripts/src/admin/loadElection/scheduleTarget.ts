/**
 * A stage's schedule group, execution role and dead-letter queue, read from the CloudFormation
 * exports of evote-elections (and the bus from evote-events'), and the scheduler client to reach
 * them: AWS for a deployed stage, the local stack's scheduler otherwise. Locally the same
 * export names resolve from the services' serverless.yml, so both paths read one set of names.
 */
import { CloudFormationClient, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { StageTarget } from '../../cli/target';
import type { ScheduleTarget } from './schedules';

/** The export names, one per value a schedule needs. */
export function scheduleExportNames(stage: string): Record<keyof ScheduleTarget, string> {
  return {
    groupName: `evote-${stage}-ScheduleGroupName`,
    busArn: `evote-${stage}-EventBusArn`,
    roleArn: `evote-${stage}-ScheduleRoleArn`,
    deadLetterArn: `evote-${stage}-ScheduleDeadLetterQueueArn`,
  };
}

/** Picks the schedule target out of a stage's exports; a missing one names the stack to deploy. */
export function scheduleTargetFrom(exports: Readonly<Record<string, string>>, stage: string): ScheduleTarget {
  const names = scheduleExportNames(stage);
  const missing = Object.values(names).filter((name) => exports[name] === undefined);
  if (missing.length > 0)
    throw new Error(
      `stage ${stage} exports no ${missing.join(', ')}: deploy evote-events and then evote-elections (yarn deploy --stage ${stage})`,
    );
  return Object.fromEntries(
    Object.entries(names).map(([key, name]) => [key, exports[name]]),
  ) as unknown as ScheduleTarget;
}

/** Every export of the account and region (ListExports pages through them all). */
export async function listExports(cloudFormation: Pick<CloudFormationClient, 'send'>): Promise<Record<string, string>> {
  const exports: Record<string, string> = {};
  let next: string | undefined;
  do {
    const page = await cloudFormation.send(new ListExportsCommand(next ? { NextToken: next } : {}));
    for (const item of page.Exports ?? []) if (item.Name && item.Value !== undefined) exports[item.Name] = item.Value;
    next = page.NextToken;
  } while (next);
  return exports;
}

/**
 * The local scheduler is served on the local bus's port: AWS_ENDPOINT_URL_SCHEDULER when set
 * (`yarn start` prints it), else the bus's endpoint, else the bus's default port.
 */
export function localSchedulerEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.AWS_ENDPOINT_URL_SCHEDULER ??
    env.AWS_ENDPOINT_URL_EVENTBRIDGE ??
    `http://127.0.0.1:${env.EVENTBRIDGE_PORT ?? '4010'}`
  );
}

/** The client and target of the stage a command works on. */
export async function schedulerFor(
  target: StageTarget,
): Promise<{ scheduler: SchedulerClient; schedule: ScheduleTarget }> {
  if (!target.remote) {
    const scheduler = new SchedulerClient({
      region: target.region,
      endpoint: localSchedulerEndpoint(),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { scheduler, schedule: scheduleTargetFrom(target.model.exports, target.stage) };
  }
  const cloudFormation = new CloudFormationClient({ region: target.region });
  try {
    const exports = await listExports(cloudFormation);
    return {
      scheduler: new SchedulerClient({ region: target.region }),
      schedule: scheduleTargetFrom(exports, target.stage),
    };
  } finally {
    cloudFormation.destroy();
  }
}
