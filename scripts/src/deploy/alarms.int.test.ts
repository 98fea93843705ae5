/**
 * The operator's side of the packaged templates (`sls package --stage ci`, no AWS credentials):
 * every dead-letter queue, function, table, HTTP API and rule has its alarm, derived from the
 * templates themselves so that a resource added without one fails here; every alarm notifies
 * the stage's one topic; no alarm watches something that does not exist; the topic is
 * encrypted and gets an e-mail subscriber only when `alarmEmail` is given; the dashboard shows
 * the ballot's whole path and only real names.
 *
 * Over 250 lines because it is table-driven over the four packaged templates, one block per kind of resource.
 */
import { BallotRejectionReason, MetricName, METRIC_DIMENSIONS, METRICS_NAMESPACE } from '@evote/shared';
import { repoRoot } from '../local/paths';
import {
  alarmTopicReference,
  conditionHolds,
  danglingAlarmDimensions,
  dashboardMetrics,
  exportNamesOf,
  misdirectedAlarms,
  missingAlarms,
  substituteDashboardBody,
  type StageTemplates,
  type WatchedMetric,
} from './alarmCoverage';
import { SERVICES } from './package-all';
import { packagedTemplates, packagedVariant } from './packaged';
import { asList, render, resourcesOfType, type CfnTemplate, type PolicyStatement } from './templates';

const STAGE = 'ci';
const REGION = 'us-east-1';
const OPS_EMAIL = 'ops@example.com';
/** Every 4xx POST /events answers (events/src/adapters/http.ts): the `status` of PostsRefused. */
const REFUSAL_STATUSES = ['400', '401', '403', '409', '413', '415', '422'];
/** Counted by the local bus only: in AWS the dead-letter queues' own SQS metrics show these. */
const LOCAL_BUS_METRICS: string[] = [MetricName.EventsDeadLettered, MetricName.EventsRedriven];

let templates: StageTemplates;
let withEmail: CfnTemplate;

beforeAll(async () => {
  const root = repoRoot();
  templates = await packagedTemplates(root, STAGE);
  withEmail = await packagedVariant(root, 'events', STAGE, { alarmEmail: OPS_EMAIL });
}, 300_000);

const everyTemplate = () => SERVICES.map((service) => templates[service]);

describe.each(SERVICES.map((service) => ({ service })))('the $service alarms', ({ service }) => {
  it('cover every dead-letter queue, function, table, HTTP API and rule of the template', () => {
    expect(missingAlarms(templates[service])).toEqual([]);
  });

  it("notify the stage's one topic when they fire and when they clear", () => {
    expect(resourcesOfType(templates[service], 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(0);
    expect(misdirectedAlarms(templates[service], alarmTopicReference(service, STAGE))).toEqual([]);
  });

  it('watch only resources that exist (Ref/GetAtt of this template, an export of the stage, a rule of this template)', () => {
    expect(danglingAlarmDimensions(templates[service], exportNamesOf(everyTemplate()))).toEqual([]);
  });

  it('say what missing data means, and are named for the stage', () => {
    for (const [id, alarm] of resourcesOfType(templates[service], 'AWS::CloudWatch::Alarm')) {
      expect({ id, treatMissingData: alarm.Properties?.TreatMissingData }).toEqual({
        id,
        treatMissingData: 'notBreaching',
      });
      expect(String(alarm.Properties?.AlarmName)).toMatch(new RegExp(`^evote-${STAGE}-${service}-`));
    }
  });

  it('alarm on a dead-letter queue as soon as it holds one message', () => {
    const queueAlarms = resourcesOfType(templates[service], 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties?.Namespace === 'AWS/SQS',
    );
    expect(queueAlarms).toHaveLength(resourcesOfType(templates[service], 'AWS::SQS::Queue').length);
    for (const [, alarm] of queueAlarms) {
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
      });
    }
  });
});

describe('the alarm topic', () => {
  const events = () => templates.events;

  it('is created by events and exported for the other services', () => {
    expect(resourcesOfType(events(), 'AWS::SNS::Topic').map(([id]) => id)).toEqual(['AlarmTopic']);
    const exported = Object.values(events().Outputs ?? {}).find(
      (output) => output.Export && render(output.Export.Name) === `evote-${STAGE}-AlarmTopicArn`,
    );
    expect(render(exported?.Value)).toBe('${AlarmTopic}');
    for (const service of SERVICES.filter((name) => name !== 'events'))
      expect(resourcesOfType(templates[service], 'AWS::SNS::Topic')).toEqual([]);
  });

  it('is encrypted with a key whose policy lets CloudWatch publish to it', () => {
    const keyId = /^\$\{(\w+)\}$/.exec(render(events().Resources.AlarmTopic?.Properties?.KmsMasterKeyId))?.[1];
    const key = events().Resources[keyId ?? ''];
    expect(key?.Type).toBe('AWS::KMS::Key');
    const statements = asList((key?.Properties?.KeyPolicy as { Statement: PolicyStatement[] }).Statement);
    const forCloudWatch = statements.find(
      (statement) => (statement.Principal as { Service?: string })?.Service === 'cloudwatch.amazonaws.com',
    );
    expect(asList(forCloudWatch?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  it('lets only the stage alarms of this account publish', () => {
    const [[, policy] = []] = resourcesOfType(events(), 'AWS::SNS::TopicPolicy');
    const [statement] = (policy?.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
    });
    expect(render(statement?.Condition?.ArnLike?.['aws:SourceArn'])).toMatch(/:alarm:evote-ci-\*$/);
  });

  it('has no subscriber when no alarmEmail is given', () => {
    expect(events().Resources.AlarmEmailSubscription).toMatchObject({ Condition: 'HasAlarmEmail' });
    expect(conditionHolds(events(), 'HasAlarmEmail')).toBe(false);
  });

  it(`e-mails ${OPS_EMAIL} when packaged with --param="alarmEmail=${OPS_EMAIL}"`, () => {
    expect(conditionHolds(withEmail, 'HasAlarmEmail')).toBe(true);
    const subscription = withEmail.Resources.AlarmEmailSubscription?.Properties ?? {};
    expect(subscription.Protocol).toBe('email');
    expect(render(subscription.TopicArn)).toBe('${AlarmTopic}');
    expect(render(subscription.Endpoint)).toBe('${AlarmEmail}');
    const parameters = (withEmail as { Parameters?: Record<string, { Default?: string }> }).Parameters;
    expect(parameters?.AlarmEmail?.Default).toBe(OPS_EMAIL);
  });
});

describe('the dashboard', () => {
  let graphed: WatchedMetric[];

  beforeAll(() => {
    const dashboards = resourcesOfType(templates.events, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const [[, dashboard] = []] = dashboards;
    expect(dashboard?.Properties?.DashboardName).toBe(`evote-${STAGE}`);
    const body = dashboard?.Properties?.DashboardBody as { 'Fn::Sub': unknown };
    graphed = dashboardMetrics(substituteDashboardBody(templates.events, body['Fn::Sub'], REGION));
  });

  const isGraphed = (namespace: string, metricName: string, dimensions: Record<string, string>) =>
    graphed.some(
      (metric) =>
        metric.namespace === namespace &&
        metric.metricName === metricName &&
        JSON.stringify(metric.dimensions) === JSON.stringify(dimensions),
    );

  const functionNames = () =>
    everyTemplate().flatMap((template) =>
      resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => String(fn.Properties?.FunctionName)),
    );
  const busName = () => String(templates.events.Resources.EventBus?.Properties?.Name);
  const rules = () => everyTemplate().flatMap((template) => resourcesOfType(template, 'AWS::Events::Rule'));

  it('graphs POST /events: requests, 4xx and 5xx of the events API', () => {
    for (const metricName of ['Count', '4xx', '5xx'])
      expect(isGraphed('AWS/ApiGateway', metricName, { ApiId: '${HttpApi}' })).toBe(true);
  });

  it("graphs createEvent's and every consumer's invocations and errors", () => {
    const consumers = everyTemplate().flatMap((template) =>
      resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, rule]) =>
        asList(rule.Properties?.Targets as { Arn: unknown }[]).map((target) => {
          const fnId = /^\$\{(\w+)\.Arn\}$/.exec(render(target.Arn))?.[1] ?? '';
          return String(template.Resources[fnId]?.Properties?.FunctionName);
        }),
      ),
    );
    expect(consumers.length).toBeGreaterThanOrEqual(5);
    for (const name of [`evote-events-${STAGE}-createEvent`, ...consumers]) {
      expect({ name, invocations: isGraphed('AWS/Lambda', 'Invocations', { FunctionName: name }) }).toEqual({
        name,
        invocations: true,
      });
      expect({ name, errors: isGraphed('AWS/Lambda', 'Errors', { FunctionName: name }) }).toEqual({
        name,
        errors: true,
      });
    }
  });

  it("graphs every dead-letter queue's depth", () => {
    for (const template of everyTemplate()) {
      for (const [, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
        const QueueName = String(queue.Properties?.QueueName);
        expect({
          QueueName,
          graphed: isGraphed('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName }),
        }).toEqual({
          QueueName,
          graphed: true,
        });
      }
    }
  });

  it("graphs every rule's deliveries and failed deliveries (custom bus: EventBusName and RuleName)", () => {
    expect(rules().length).toBeGreaterThanOrEqual(5);
    for (const [, rule] of rules()) {
      const dimensions = { EventBusName: busName(), RuleName: String(rule.Properties?.Name) };
      for (const metricName of ['Invocations', 'FailedInvocations'])
        expect({ ...dimensions, metricName, graphed: isGraphed('AWS/Events', metricName, dimensions) }).toEqual({
          ...dimensions,
          metricName,
          graphed: true,
        });
    }
  });

  it('graphs every business metric the functions emit, by the dimensions they emit it with', () => {
    const business = graphed.filter((metric) => metric.namespace === METRICS_NAMESPACE);
    for (const name of Object.values(MetricName).filter((metric) => !LOCAL_BUS_METRICS.includes(metric)))
      expect({ name, graphed: business.some((metric) => metric.metricName === name) }).toEqual({ name, graphed: true });
    for (const metric of business) {
      expect(
        Object.keys(metric.dimensions).every((name) => (METRIC_DIMENSIONS as readonly string[]).includes(name)),
      ).toBe(true);
      expect(metric.dimensions).toMatchObject({ stage: STAGE, service: expect.stringMatching(/^evote-/) });
    }
  });

  it('names only functions, queues, rules and APIs that the templates create', () => {
    const queueNames = everyTemplate().flatMap((template) =>
      resourcesOfType(template, 'AWS::SQS::Queue').map(([, queue]) => String(queue.Properties?.QueueName)),
    );
    const ruleNames = rules().map(([, rule]) => String(rule.Properties?.Name));
    const known: Record<string, string[]> = {
      FunctionName: functionNames(),
      QueueName: queueNames,
      RuleName: ruleNames,
      EventBusName: [busName()],
      ApiId: ['${HttpApi}'],
      // The business metrics' dimensions: low-cardinality by design, never an id.
      service: SERVICES.map((service) => `evote-${service}`),
      stage: [STAGE],
      reason: Object.values(BallotRejectionReason),
      status: REFUSAL_STATUSES,
    };
    const unknown = graphed.flatMap((metric) =>
      Object.entries(metric.dimensions)
        .filter(([name, value]) => !(known[name] ?? []).includes(value))
        .map(([name, value]) => `${metric.metricName} ${name}=${value}`),
    );
    expect(unknown).toEqual([]);
  });
});
