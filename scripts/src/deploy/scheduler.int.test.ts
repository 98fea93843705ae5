/**
 * What the elections stack gives EventBridge Scheduler for the Election Opened/Closed schedules
 * that `yarn admin load-election --stage` creates (the requests themselves are tested in
 * src/admin/loadElection): a stage-named group, an execution role that only the scheduler of
 * this account may assume and that may only put events on the bus as evote.elections (and park
 * what fails in its own queue), that queue with its policy and alarms, and the exports the
 * command reads.
 */
import { repoRoot } from '../local/paths';
import { scheduleExportNames } from '../admin/loadElection/scheduleTarget';
import { packagedTemplates } from './packaged';
import { asList, render, resourcesOfType, type CfnResource, type CfnTemplate, type PolicyStatement } from './templates';

const STAGE = 'ci';
let template: CfnTemplate;

beforeAll(async () => {
  template = (await packagedTemplates(repoRoot(), STAGE)).elections;
}, 300_000);

const only = (type: string): [string, CfnResource] => {
  const found = resourcesOfType(template, type);
  expect(found).toHaveLength(1);
  return found[0] as [string, CfnResource];
};

describe('the election schedules in the elections template', () => {
  it('have a schedule group named for the stage', () => {
    const [, group] = only('AWS::Scheduler::ScheduleGroup');
    expect(group.Properties?.Name).toBe(`evote-${STAGE}`);
  });

  it('run as a role only EventBridge Scheduler of this account, for this group, may assume', () => {
    const [, role] = resourcesOfType(template, 'AWS::IAM::Role').find(([id]) => id === 'ElectionScheduleRole') ?? [];
    const trust = asList((role?.Properties?.AssumeRolePolicyDocument as { Statement: PolicyStatement[] }).Statement);
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    const condition = trust[0]?.Condition as Record<string, Record<string, unknown>>;
    expect(render(condition.StringEquals?.['aws:SourceAccount'])).toBe('${AWS::AccountId}');
    expect(render(condition.ArnLike?.['aws:SourceArn'])).toBe(
      `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/evote-${STAGE}/*`,
    );
  });

  it('may put events only on the bus, only as evote.elections, and send only to their own queue', () => {
    const [, role] = resourcesOfType(template, 'AWS::IAM::Role').find(([id]) => id === 'ElectionScheduleRole') ?? [];
    const statements = asList(
      role?.Properties?.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[],
    ).flatMap((policy) => asList(policy.PolicyDocument.Statement));
    expect(statements.map((statement) => ({ ...statement, Resource: asList(statement.Resource).map(render) }))).toEqual(
      [
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: [`\${import:evote-${STAGE}-EventBusArn}`],
          Condition: { StringEquals: { 'events:source': 'evote.elections' } },
        },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ['${ElectionScheduleDlq.Arn}'] },
      ],
    );
  });

  it('park what they could not put in a stage-named, encrypted queue that only their role may send to', () => {
    const queue = template.Resources.ElectionScheduleDlq;
    expect(queue?.Properties).toMatchObject({
      QueueName: `evote-${STAGE}-elections-schedules-dlq`,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    const policy = template.Resources.ElectionScheduleDlqPolicy?.Properties as {
      Queues: unknown[];
      PolicyDocument: { Statement: PolicyStatement[] };
    };
    expect(policy.Queues.map(render)).toEqual(['${ElectionScheduleDlq}']);
    expect(
      asList(policy.PolicyDocument.Statement).map((statement) => ({
        effect: statement.Effect,
        principal: render((statement.Principal as { AWS: unknown }).AWS),
        action: statement.Action,
        resource: render(statement.Resource),
      })),
    ).toEqual([
      {
        effect: 'Allow',
        principal: '${ElectionScheduleRole.Arn}',
        action: 'sqs:SendMessage',
        resource: '${ElectionScheduleDlq.Arn}',
      },
    ]);
  });

  it('alarm on a parked event and on an event the scheduler lost', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
    expect(alarms).toContainEqual(
      expect.objectContaining({
        AlarmName: `evote-${STAGE}-elections-schedules-dlq`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      }),
    );
    const lost = alarms.find((alarm) => alarm.AlarmName === `evote-${STAGE}-elections-schedules-lost`);
    const metrics = asList(
      lost?.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] } } }[],
    )
      .flatMap((query) => (query.MetricStat ? [query.MetricStat.Metric] : []))
      .map(
        (metric) =>
          `${metric.Namespace} ${metric.MetricName} ${JSON.stringify(metric.Dimensions.map((d) => render((d as { Value: unknown }).Value)))}`,
      );
    expect(metrics.sort()).toEqual(
      [
        'AWS/Scheduler InvocationDroppedCount ["${ElectionScheduleGroup}"]',
        'AWS/Scheduler InvocationsFailedToBeSentToDeadLetterCount ["${ElectionScheduleGroup}"]',
      ].sort(),
    );
  });

  it('export what load-election reads: the group, the role and the queue', () => {
    const exported = Object.fromEntries(
      Object.values(template.Outputs ?? {}).flatMap((output) =>
        output.Export ? [[render(output.Export.Name), render(output.Value)]] : [],
      ),
    );
    const names = scheduleExportNames(STAGE);
    expect(exported[names.groupName]).toBe(`evote-${STAGE}`);
    expect(exported[names.roleArn]).toBe('${ElectionScheduleRole.Arn}');
    expect(exported[names.deadLetterArn]).toBe('${ElectionScheduleDlq.Arn}');
  });
});
