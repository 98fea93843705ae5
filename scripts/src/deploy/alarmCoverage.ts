/**
 * What the packaged templates promise an operator: every dead-letter queue, function, table,
 * HTTP API and rule has its alarm, every alarm notifies the stage's topic, no alarm watches a
 * resource that does not exist, and the dashboard shows only (and all of) the ballot's path.
 * Each check returns the problems it found as sentences, so a test can assert an empty list
 * and a failure reads as the list of what is missing.
 *
 * Over 250 lines because it checks every kind of alarmed resource (queues, functions, tables, APIs, rules) and the dashboard against the templates.
 */
import type { ServiceDir } from './package-all';
import { asList, render, resourcesOfType, type CfnResource, type CfnTemplate } from './templates';

/** One metric an alarm (or a dashboard graph) watches; dimension values rendered by `render`. */
export interface WatchedMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

interface MetricDataQuery {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] };
  };
}

const dimensionMap = (dimensions: { Name: string; Value: unknown }[] | undefined): Record<string, string> =>
  Object.fromEntries(asList(dimensions).map((dimension) => [dimension.Name, render(dimension.Value)]));

/** The metrics an alarm reads: its one metric, or every metric of its metric-math query. */
export function alarmMetrics(alarm: CfnResource): WatchedMetric[] {
  const props = alarm.Properties ?? {};
  if (typeof props.MetricName === 'string') {
    return [
      {
        namespace: String(props.Namespace),
        metricName: props.MetricName,
        dimensions: dimensionMap(props.Dimensions as { Name: string; Value: unknown }[] | undefined),
      },
    ];
  }
  return asList(props.Metrics as MetricDataQuery[] | undefined).flatMap((query) =>
    query.MetricStat
      ? [
          {
            namespace: query.MetricStat.Metric.Namespace,
            metricName: query.MetricStat.Metric.MetricName,
            dimensions: dimensionMap(query.MetricStat.Metric.Dimensions),
          },
        ]
      : [],
  );
}

/** The stage's packaged templates, by service. */
export type StageTemplates = Record<ServiceDir, CfnTemplate>;

/** How a service's alarms name the stage's topic: events owns it, the others import its export. */
export const alarmTopicReference = (service: ServiceDir, stage: string): string =>
  service === 'events' ? '${AlarmTopic}' : `\${import:evote-${stage}-AlarmTopicArn}`;

const watches = (metric: WatchedMetric, namespace: string, metricName: string, dimensions: Record<string, string>) =>
  metric.namespace === namespace &&
  metric.metricName === metricName &&
  Object.entries(dimensions).every(([name, value]) => metric.dimensions[name] === value) &&
  Object.keys(metric.dimensions).length === Object.keys(dimensions).length;

const globalSecondaryIndexes = (table: CfnResource): string[] =>
  asList(table.Properties?.GlobalSecondaryIndexes as { IndexName: string }[] | undefined).map(
    (index) => index.IndexName,
  );

/** Every resource of the template that must be watched, with the metrics that must watch it. */
function requiredWatches(
  template: CfnTemplate,
): { what: string; metrics: [string, string, Record<string, string>][] }[] {
  const required: { what: string; metrics: [string, string, Record<string, string>][] }[] = [];
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const dims = { FunctionName: `\${${id}}` };
    required.push({ what: `function ${id} (Errors)`, metrics: [['AWS/Lambda', 'Errors', dims]] });
    required.push({ what: `function ${id} (Throttles)`, metrics: [['AWS/Lambda', 'Throttles', dims]] });
  }
  for (const [id] of resourcesOfType(template, 'AWS::SQS::Queue')) {
    required.push({
      what: `queue ${id} (visible messages)`,
      metrics: [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: `\${${id}.QueueName}` }]],
    });
  }
  for (const [id, table] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const targets = [
      { TableName: `\${${id}}` },
      ...globalSecondaryIndexes(table).map((index) => ({ TableName: `\${${id}}`, GlobalSecondaryIndexName: index })),
    ];
    required.push({
      what: `table ${id} (read and write throttles, table and indexes)`,
      metrics: targets.flatMap((dims): [string, string, Record<string, string>][] => [
        ['AWS/DynamoDB', 'ReadThrottleEvents', dims],
        ['AWS/DynamoDB', 'WriteThrottleEvents', dims],
      ]),
    });
  }
  for (const [id] of resourcesOfType(template, 'AWS::ApiGatewayV2::Api')) {
    required.push({ what: `HTTP API ${id} (5xx)`, metrics: [['AWS/ApiGateway', '5xx', { ApiId: `\${${id}}` }]] });
  }
  for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const dims = { EventBusName: render(rule.Properties?.EventBusName), RuleName: render(rule.Properties?.Name) };
    required.push({ what: `rule ${id} (FailedInvocations)`, metrics: [['AWS/Events', 'FailedInvocations', dims]] });
  }
  return required;
}

/** Resources without the alarm they need: one alarm must read all the metrics of each requirement. */
export function missingAlarms(template: CfnTemplate): string[] {
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarmMetrics(alarm));
  return requiredWatches(template)
    .filter(
      ({ metrics }) =>
        !alarms.some((alarm) =>
          metrics.every(([namespace, name, dims]) => alarm.some((metric) => watches(metric, namespace, name, dims))),
        ),
    )
    .map(({ what }) => `no alarm for ${what}`);
}

/** Alarms that do not notify the topic, both when they fire and when they clear, and only it. */
export function misdirectedAlarms(template: CfnTemplate, topic: string): string[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').flatMap(([id, alarm]) =>
    (['AlarmActions', 'OKActions'] as const)
      .filter((key) => {
        const actions = asList(alarm.Properties?.[key] as unknown[] | undefined).map(render);
        return actions.length !== 1 || actions[0] !== topic;
      })
      .map((key) => `alarm ${id}: ${key} is not exactly [${topic}]`),
  );
}

/** The resource type each dimension must point at, when it points at a resource of the template. */
const DIMENSION_TYPES: Record<string, string> = {
  FunctionName: 'AWS::Lambda::Function',
  QueueName: 'AWS::SQS::Queue',
  TableName: 'AWS::DynamoDB::Table',
  ApiId: 'AWS::ApiGatewayV2::Api',
};

/**
 * Alarm dimensions that name nothing real: a Ref/GetAtt to a missing resource or one of another
 * type, an import nobody exports, a rule name no rule has, an index the table lacks.
 */
export function danglingAlarmDimensions(template: CfnTemplate, exportNames: Set<string>): string[] {
  const problems: string[] = [];
  const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([, rule]) => ({
    name: render(rule.Properties?.Name),
    bus: render(rule.Properties?.EventBusName),
  }));
  for (const [id, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
    for (const metric of alarmMetrics(alarm)) {
      for (const [name, value] of Object.entries(metric.dimensions)) {
        const where = `alarm ${id}: ${metric.metricName} ${name}=${value}`;
        const reference = /^\$\{(\w+)(?:\.\w+)?\}$/.exec(value)?.[1];
        const imported = /^\$\{import:(.+)\}$/.exec(value)?.[1];
        if (name === 'RuleName') {
          if (!rules.some((rule) => rule.name === value && rule.bus === metric.dimensions.EventBusName))
            problems.push(`${where}: no rule of that name on that bus`);
        } else if (name === 'GlobalSecondaryIndexName') {
          const table = template.Resources[/^\$\{(\w+)\}$/.exec(metric.dimensions.TableName ?? '')?.[1] ?? ''];
          if (!table || !globalSecondaryIndexes(table).includes(value))
            problems.push(`${where}: the table has no such index`);
        } else if (imported !== undefined) {
          if (!exportNames.has(imported)) problems.push(`${where}: no template exports it`);
        } else if (reference !== undefined) {
          const type = template.Resources[reference]?.Type;
          if (type === undefined || (DIMENSION_TYPES[name] !== undefined && type !== DIMENSION_TYPES[name]))
            problems.push(`${where}: no such ${DIMENSION_TYPES[name] ?? 'resource'} in the template`);
        } else {
          problems.push(`${where}: a literal value the template cannot vouch for`);
        }
      }
    }
  }
  return problems;
}

/** Every export name the stage's templates declare. */
export function exportNamesOf(templates: CfnTemplate[]): Set<string> {
  return new Set(
    templates.flatMap((template) =>
      Object.values(template.Outputs ?? {}).flatMap((output) => (output.Export ? [render(output.Export.Name)] : [])),
    ),
  );
}

/**
 * Evaluates a condition of the template with every parameter at its default (what `sls deploy`
 * passes): Fn::Not, Fn::Equals, Fn::And, Fn::Or, Condition and Ref to a parameter.
 */
export function conditionHolds(
  template: CfnTemplate & { Conditions?: Record<string, unknown> },
  name: string,
): boolean {
  const parameters = (template as { Parameters?: Record<string, { Default?: unknown }> }).Parameters ?? {};
  const value = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const [fn, arg] = Object.entries(node as Record<string, unknown>)[0] ?? [];
    if (fn === 'Ref') return parameters[String(arg)]?.Default;
    return holds(node);
  };
  const holds = (node: unknown): boolean => {
    const [fn, arg] = Object.entries(node as Record<string, unknown>)[0] ?? [];
    const args = arg as unknown[];
    switch (fn) {
      case 'Fn::Not':
        return !holds(args[0]);
      case 'Fn::And':
        return args.every(holds);
      case 'Fn::Or':
        return args.some(holds);
      case 'Fn::Equals':
        return String(value(args[0])) === String(value(args[1]));
      case 'Condition':
        return holds(template.Conditions?.[String(arg)]);
      default:
        throw new Error(`condition function ${String(fn)} is not understood`);
    }
  };
  const condition = template.Conditions?.[name];
  if (condition === undefined) throw new Error(`no condition ${name}`);
  return holds(condition);
}

/** One graph line of a dashboard: `[namespace, metric, dim, value, dim, value, ..., {options}?]`. */
export function dashboardMetrics(body: string): WatchedMetric[] {
  const parsed = JSON.parse(body) as { widgets: { properties?: { metrics?: unknown[][] } }[] };
  return parsed.widgets.flatMap((widget) =>
    asList(widget.properties?.metrics).map((line) => {
      const [namespace, metricName, ...rest] = line.filter((item) => typeof item === 'string') as string[];
      const dimensions: Record<string, string> = {};
      for (let index = 0; index + 1 < rest.length; index += 2)
        dimensions[rest[index] as string] = rest[index + 1] as string;
      return { namespace: String(namespace), metricName: String(metricName), dimensions };
    }),
  );
}

/** The resource types whose Ref is their declared name, and the property that declares it (not
 * a queue: its Ref is its URL). */
const REF_IS_NAME: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Events::EventBus': 'Name',
};

/**
 * A dashboard body written as `Fn::Sub`, with its variables replaced: `${AWS::Region}` by the
 * region and `${Id}` by what its Ref returns when that is a declared name (or kept as `${Id}`,
 * like an API's id); a variable naming no resource of the template throws.
 */
export function substituteDashboardBody(template: CfnTemplate, sub: unknown, region: string): string {
  const text = Array.isArray(sub) ? String(sub[0]) : String(sub);
  return text.replace(/\$\{([^}]+)\}/g, (_match, variable: string) => {
    if (variable === 'AWS::Region') return region;
    const resource = template.Resources[variable];
    if (!resource) throw new Error(`the dashboard names \${${variable}}, which is no resource of the template`);
    const key = REF_IS_NAME[resource.Type];
    const name = key === undefined ? undefined : resource.Properties?.[key];
    return typeof name === 'string' ? name : `\${${variable}}`;
  });
}
