/**
 * Resolves the CloudFormation intrinsic functions the services use (Ref, Fn::GetAtt, Fn::Sub,
 * Fn::Join, Fn::ImportValue, Fn::Select, Fn::Split) to the values they would have after
 * deployment, so environment variables and rule settings read the same locally as in AWS.
 * (serverless-offline turns such values into "[object Object]"; this is why we resolve them.)
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface IntrinsicContext {
  region: string;
  accountId: string;
  stackName: string;
  resources: Record<string, CfnResource>;
  /** Export name -> value, for Fn::ImportValue. Missing entries fail loudly. */
  exports: Record<string, string>;
  /** Logical id -> physical name for resources the framework generates (e.g. Lambda functions). */
  generatedNames?: Record<string, string>;
}

export class IntrinsicError extends Error {
  override name = 'IntrinsicError';
}

type Json = unknown;

/** Returns `value` with every intrinsic function replaced by its resolved value. */
export function resolveIntrinsics(value: Json, ctx: IntrinsicContext): Json {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, ctx));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, Json>);
  const single = entries.length === 1 ? entries[0] : undefined;
  if (single && isIntrinsicName(single[0])) return resolveOne(single[0], single[1], ctx);
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, ctx)]));
}

function isIntrinsicName(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function resolveOne(fn: string, arg: Json, ctx: IntrinsicContext): Json {
  switch (fn) {
    case 'Ref':
      return ref(String(resolveIntrinsics(arg, ctx)), ctx);
    case 'Fn::GetAtt':
      return getAtt(arg, ctx);
    case 'Fn::ImportValue':
      return importValue(String(resolveIntrinsics(arg, ctx)), ctx);
    case 'Fn::Sub':
      return sub(arg, ctx);
    case 'Fn::Join': {
      const [separator, parts] = resolveIntrinsics(arg, ctx) as [string, Json[]];
      return parts.map(String).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = resolveIntrinsics(arg, ctx) as [number | string, Json[]];
      return list[Number(index)];
    }
    case 'Fn::Split': {
      const [separator, text] = resolveIntrinsics(arg, ctx) as [string, string];
      return text.split(separator);
    }
    default:
      throw new IntrinsicError(`${fn} is not supported by the local stack`);
  }
}

const pseudoParameters = (ctx: IntrinsicContext): Record<string, string> => ({
  'AWS::Region': ctx.region,
  'AWS::AccountId': ctx.accountId,
  'AWS::StackName': ctx.stackName,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
});

function ref(logicalId: string, ctx: IntrinsicContext): string {
  const pseudo = pseudoParameters(ctx)[logicalId];
  if (pseudo !== undefined) return pseudo;
  const generated = ctx.generatedNames?.[logicalId];
  if (generated !== undefined) return generated;
  const resource = ctx.resources[logicalId];
  if (!resource) throw new IntrinsicError(`Ref to unknown resource ${logicalId}`);
  const name = physicalName(logicalId, resource, ctx);
  // Ref of an SQS queue is its URL, as in CloudFormation.
  if (resource.Type === 'AWS::SQS::Queue') return `http://sqs.${ctx.region}.localhost/${ctx.accountId}/${name}`;
  return name;
}

/** The resource's physical name: its declared name property, else the logical id. */
export function physicalName(logicalId: string, resource: CfnResource, ctx: IntrinsicContext): string {
  const props = resource.Properties ?? {};
  const nameKey = {
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::Events::EventBus': 'Name',
    'AWS::Events::Archive': 'ArchiveName',
    'AWS::Events::Rule': 'Name',
  }[resource.Type];
  const declared = nameKey ? props[nameKey] : undefined;
  return declared === undefined ? logicalId : String(resolveIntrinsics(declared, ctx));
}

function getAtt(arg: Json, ctx: IntrinsicContext): string {
  const [logicalId, attribute] = (
    typeof arg === 'string' ? arg.split('.') : (resolveIntrinsics(arg, ctx) as string[])
  ) as [string, string];
  const resource = ctx.resources[logicalId];
  const generated = ctx.generatedNames?.[logicalId];
  if (!resource && generated !== undefined && attribute === 'Arn')
    return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${generated}`;
  if (!resource) throw new IntrinsicError(`Fn::GetAtt of unknown resource ${logicalId}`);
  const name = physicalName(logicalId, resource, ctx);
  if (attribute === 'Arn') return arnOf(resource.Type, name, ctx);
  if (attribute === 'QueueName' || attribute === 'Name') return name;
  if (attribute === 'QueueUrl') return ref(logicalId, ctx);
  if (attribute === 'StreamArn') return `${arnOf(resource.Type, name, ctx)}/stream/local`;
  throw new IntrinsicError(`Fn::GetAtt ${logicalId}.${attribute} is not supported by the local stack`);
}

function arnOf(type: string, name: string, ctx: IntrinsicContext): string {
  const prefix = `${ctx.region}:${ctx.accountId}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${prefix}:table/${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${prefix}:${name}`;
    case 'AWS::Events::EventBus':
      return `arn:aws:events:${prefix}:event-bus/${name}`;
    case 'AWS::Events::Archive':
      return `arn:aws:events:${prefix}:archive/${name}`;
    default:
      return `arn:aws:local:${prefix}:${type}/${name}`;
  }
}

function importValue(name: string, ctx: IntrinsicContext): string {
  const value = ctx.exports[name];
  if (value === undefined) {
    throw new IntrinsicError(`Fn::ImportValue ${name}: no service exports it (deploy order: events first)`);
  }
  return value;
}

function sub(arg: Json, ctx: IntrinsicContext): string {
  const [template, variables] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, Json>];
  const resolvedVariables = resolveIntrinsics(variables, ctx) as Record<string, Json>;
  return template.replace(/\$\{([^}!]+)\}/g, (_match, expression: string) => {
    if (expression in resolvedVariables) return String(resolvedVariables[expression]);
    if (expression.includes('.') && !expression.startsWith('AWS::')) {
      const [logicalId, attribute] = expression.split('.') as [string, string];
      return getAtt([logicalId, attribute], ctx);
    }
    return ref(expression, ctx);
  });
}
