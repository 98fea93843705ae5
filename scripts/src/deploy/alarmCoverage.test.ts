import {
  conditionHolds,
  danglingAlarmDimensions,
  dashboardMetrics,
  misdirectedAlarms,
  missingAlarms,
  substituteDashboardBody,
} from './alarmCoverage';
import type { CfnResource, CfnTemplate } from './templates';

const TOPIC = { Ref: 'AlarmTopic' };

const functionAlarm = (metricName: string, functionId: string): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    Namespace: 'AWS/Lambda',
    MetricName: metricName,
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
    AlarmActions: [TOPIC],
    OKActions: [TOPIC],
  },
});

const ruleAlarm = (ruleName: string): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    Metrics: [
      { Id: 'failures', Expression: 'SUM([failed])' },
      {
        Id: 'failed',
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Events',
            MetricName: 'FailedInvocations',
            Dimensions: [
              { Name: 'EventBusName', Value: { 'Fn::ImportValue': 'bus' } },
              { Name: 'RuleName', Value: ruleName },
            ],
          },
        },
      },
    ],
    AlarmActions: [TOPIC],
    OKActions: [TOPIC],
  },
});

/** A function behind a rule: what a consumer service's template holds. */
function consumerTemplate(alarms: Record<string, CfnResource>): CfnTemplate {
  return {
    Resources: {
      CountVoteLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'svc-ci-countVote' } },
      CountVoteRule: {
        Type: 'AWS::Events::Rule',
        Properties: { Name: 'evote-ci-countVote', EventBusName: { 'Fn::ImportValue': 'bus' } },
      },
      AlarmTopic: { Type: 'AWS::SNS::Topic' },
      ...alarms,
    },
  };
}

describe('missingAlarms', () => {
  it('names every function and rule without its alarm, and nothing once they have them', () => {
    expect(missingAlarms(consumerTemplate({}))).toEqual([
      'no alarm for function CountVoteLambdaFunction (Errors)',
      'no alarm for function CountVoteLambdaFunction (Throttles)',
      'no alarm for rule CountVoteRule (FailedInvocations)',
    ]);
    const covered = consumerTemplate({
      Errors: functionAlarm('Errors', 'CountVoteLambdaFunction'),
      Throttles: functionAlarm('Throttles', 'CountVoteLambdaFunction'),
      Rule: ruleAlarm('evote-ci-countVote'),
    });
    expect(missingAlarms(covered)).toEqual([]);
  });

  it("wants a table's indexes watched by the table's alarm", () => {
    const throttleMetric = (metricName: string, dims: Record<string, unknown>) => ({
      Id: metricName.toLowerCase(),
      MetricStat: {
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: metricName,
          Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
        },
      },
    });
    const template = (metrics: unknown[]): CfnTemplate => ({
      Resources: {
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { GlobalSecondaryIndexes: [{ IndexName: 'gsi1' }] } },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: metrics } },
      },
    });
    const tableOnly = [
      throttleMetric('ReadThrottleEvents', { TableName: { Ref: 'Table' } }),
      throttleMetric('WriteThrottleEvents', { TableName: { Ref: 'Table' } }),
    ];
    expect(missingAlarms(template(tableOnly))).toEqual([
      'no alarm for table Table (read and write throttles, table and indexes)',
    ]);
    const withIndex = [
      ...tableOnly,
      throttleMetric('ReadThrottleEvents', { TableName: { Ref: 'Table' }, GlobalSecondaryIndexName: 'gsi1' }),
      throttleMetric('WriteThrottleEvents', { TableName: { Ref: 'Table' }, GlobalSecondaryIndexName: 'gsi1' }),
    ];
    expect(missingAlarms(template(withIndex))).toEqual([]);
  });
});

describe('misdirectedAlarms', () => {
  it('names an alarm that notifies anything but the topic, firing or clearing', () => {
    const quiet = functionAlarm('Errors', 'CountVoteLambdaFunction');
    quiet.Properties = { ...quiet.Properties, OKActions: [] };
    expect(misdirectedAlarms(consumerTemplate({ Quiet: quiet }), '${AlarmTopic}')).toEqual([
      'alarm Quiet: OKActions is not exactly [${AlarmTopic}]',
    ]);
  });
});

describe('danglingAlarmDimensions', () => {
  it('names an alarm on a missing function, a rule name no rule has, an import nobody exports', () => {
    const template = consumerTemplate({
      Gone: functionAlarm('Errors', 'SaveVoteLambdaFunction'),
      Typo: ruleAlarm('evote-ci-countVotes'),
    });
    expect(danglingAlarmDimensions(template, new Set(['bus']))).toEqual([
      'alarm Gone: Errors FunctionName=${SaveVoteLambdaFunction}: no such AWS::Lambda::Function in the template',
      'alarm Typo: FailedInvocations RuleName=evote-ci-countVotes: no rule of that name on that bus',
    ]);
    expect(danglingAlarmDimensions(consumerTemplate({ Rule: ruleAlarm('evote-ci-countVote') }), new Set())).toEqual([
      'alarm Rule: FailedInvocations EventBusName=${import:bus}: no template exports it',
    ]);
  });
});

describe('conditionHolds', () => {
  const template = (email: string) =>
    ({
      Resources: {},
      Parameters: { AlarmEmail: { Default: email } },
      Conditions: { HasAlarmEmail: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] } },
    }) as CfnTemplate;

  it('evaluates the condition with the parameters at their defaults', () => {
    expect(conditionHolds(template(''), 'HasAlarmEmail')).toBe(false);
    expect(conditionHolds(template('ops@example.com'), 'HasAlarmEmail')).toBe(true);
  });
});

describe('the dashboard body', () => {
  it('replaces names the Ref stands for, keeps ids, and lists each graph line with its dimensions', () => {
    const template: CfnTemplate = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'evote-events-ci-createEvent' } },
        HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ci-evote-events' } },
      },
    };
    const body = JSON.stringify({
      widgets: [
        {
          properties: {
            region: '${AWS::Region}',
            metrics: [
              ['AWS/Lambda', 'Errors', 'FunctionName', '${Fn}', { label: 'errors' }],
              ['AWS/ApiGateway', '5xx', 'ApiId', '${HttpApi}'],
            ],
          },
        },
      ],
    });
    expect(dashboardMetrics(substituteDashboardBody(template, body, 'eu-west-1'))).toEqual([
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'evote-events-ci-createEvent' } },
      { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: '${HttpApi}' } },
    ]);
    expect(() => substituteDashboardBody(template, '${Missing}', 'eu-west-1')).toThrow(/no resource/);
  });
});
