/**
 * Reading compiled CloudFormation templates in tests: resources by type, the policy statements
 * they hold, and a symbolic rendering of intrinsic functions so that two ways of writing the
 * same ARN (e.g. a Lambda permission's SourceArn and a queue policy's condition) compare equal.
 */
import fs from 'node:fs';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: unknown;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function readTemplate(file: string): CfnTemplate {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement of every policy document in the template (roles, queue and bucket policies). */
export function policyStatements(template: CfnTemplate): { owner: string; statement: PolicyStatement }[] {
  const found: { owner: string; statement: PolicyStatement }[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    const documents = [
      props.PolicyDocument,
      ...asList(props.Policies as { PolicyDocument?: unknown }[] | undefined).map((p) => p.PolicyDocument),
    ];
    for (const document of documents) {
      for (const statement of asList((document as { Statement?: PolicyStatement[] } | undefined)?.Statement)) {
        found.push({ owner: logicalId, statement });
      }
    }
  }
  return found;
}

/**
 * Renders a value with intrinsic functions to a string: `Ref X` -> `${X}`, `Fn::GetAtt [X, A]`
 * -> `${X.A}`, `Fn::ImportValue N` -> `${import:N}`, `Fn::Join` joined, `Fn::Sub` left as its
 * template. Anything else is JSON.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const [entry, ...rest] = Object.entries(value as Record<string, unknown>);
  if (entry === undefined || rest.length > 0) return JSON.stringify(value);
  const [fn, arg] = entry;
  switch (fn) {
    case 'Ref':
      return `\${${render(arg)}}`;
    case 'Fn::GetAtt':
      return `\${${asList(arg as string[])
        .map(render)
        .join('.')}}`;
    case 'Fn::ImportValue':
      return `\${import:${render(arg)}}`;
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    case 'Fn::Sub':
      return render(Array.isArray(arg) ? arg[0] : arg);
    default:
      return JSON.stringify(value);
  }
}

/** An HTTP API route: its key (`GET /path`) and the authorizer it names, if any. */
export interface HttpRoute {
  routeKey: string;
  authorizationType?: string;
  /** The AWS::ApiGatewayV2::Authorizer resource the route refers to. */
  authorizer?: CfnResource;
  /** The logical id of the Lambda function the route's integration invokes. */
  functionId?: string;
}

/** Every AWS::ApiGatewayV2::Route of the template, with its authorizer and function resolved. */
export function httpRoutes(template: CfnTemplate): HttpRoute[] {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
    const props = route.Properties ?? {};
    const authorizerId = /^\$\{(\w+)\}$/.exec(render(props.AuthorizerId))?.[1];
    const integrationId = /^integrations\/\$\{(\w+)\}$/.exec(render(props.Target))?.[1];
    const integration = integrationId === undefined ? undefined : template.Resources[integrationId];
    const functionId = /^\$\{(\w+)\.Arn\}$/.exec(render(integration?.Properties?.IntegrationUri))?.[1];
    return {
      routeKey: String(props.RouteKey),
      ...(typeof props.AuthorizationType === 'string' ? { authorizationType: props.AuthorizationType } : {}),
      ...(authorizerId === undefined ? {} : { authorizer: template.Resources[authorizerId] }),
      ...(functionId === undefined ? {} : { functionId }),
    };
  });
}
