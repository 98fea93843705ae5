/**
 * Reads the four services' serverless.yml, through the framework's own configuration reader and
 * variable sources, into the stack model the local stack and the tools run on. Over 250 lines
 * because it is one translation with a small builder per section (functions, HTTP routes,
 * authorizers, throttles, rules), all sharing one resolution context.
 */
import path from 'node:path';
import readConfiguration from 'osls/lib/configuration/read';
import resolveVariables from 'osls/lib/configuration/variables';
import paramSource from 'osls/lib/configuration/variables/sources/instance-dependent/param';
import slsSource from 'osls/lib/configuration/variables/sources/instance-dependent/get-sls';
import envSource from 'osls/lib/configuration/variables/sources/env';
import fileSource from 'osls/lib/configuration/variables/sources/file';
import optSource from 'osls/lib/configuration/variables/sources/opt';
import selfSource from 'osls/lib/configuration/variables/sources/self';
import strToBoolSource from 'osls/lib/configuration/variables/sources/str-to-bool';
import { resolveIntrinsics, physicalName, type CfnResource, type IntrinsicContext } from './intrinsics';
import type {
  FunctionModel,
  HttpApiAuthorizerModel,
  HttpApiModel,
  HttpRouteModel,
  RouteAuthorizerModel,
  RuleModel,
  ServiceModel,
  StackModel,
  TableModel,
  ThrottleModel,
} from './types';

/** The service folders, in deployment order: `events` owns the bus and is deployed first. */
export const SERVICE_DIRS = ['events', 'voters', 'elections', 'audit'] as const;

/** The account id the local stack reports in ARNs and event envelopes. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** EventBridge's documented defaults when a target declares no retry policy. */
const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAge: 86400 };
/** The framework's default Lambda timeout in seconds, memory in MB and architecture. */
const DEFAULT_TIMEOUT_SECONDS = 6;
const DEFAULT_MEMORY_SIZE = 1024;
const DEFAULT_ARCHITECTURE = 'x86_64';

export interface LoadOptions {
  /** Repository root holding the service folders. */
  root: string;
  stage: string;
  region?: string;
  /** Stage parameters that win over the files' `params`, as `sls --param="key=value"` does. */
  params?: Record<string, string>;
}

/** A node of serverless.yml: the file has no schema we could type it with here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = Record<string, any>;

interface RawService {
  dir: string;
  config: Yaml;
}

/**
 * Reads the four serverless.yml files with the framework's own reader and variable resolver
 * (as `sls print` would, without starting the CLI) and turns them into the stack model.
 */
export async function loadStackModel(options: LoadOptions): Promise<StackModel> {
  const raws = await Promise.all(
    SERVICE_DIRS.map((dir) => readService(path.join(options.root, dir), options.stage, options.params ?? {})),
  );
  const region = options.region ?? String(raws[0]?.config.provider?.region ?? 'us-east-1');
  const exports: Record<string, string> = {};
  const contexts = raws.map((raw) => contextFor(raw, region, options.stage, exports));
  raws.forEach((raw, index) => collectExports(raw, contexts[index] as IntrinsicContext, exports));
  const services = raws.map((raw, index) => buildService(raw, contexts[index] as IntrinsicContext, options.stage));
  const buses = raws.flatMap((raw, index) => busesOf(raw, contexts[index] as IntrinsicContext));
  return { stage: options.stage, region, accountId: LOCAL_ACCOUNT_ID, services, exports, buses };
}

async function readService(dir: string, stage: string, params: Record<string, string>): Promise<RawService> {
  const configuration = await readConfiguration(path.join(dir, 'serverless.yml'));
  // Two passes, as the framework's CLI does: `${param:...}` reads the `params` section, which
  // may itself be `${file(...)}`, so it is resolved only once everything else has been.
  await resolveVariables({ serviceDir: dir, configuration, options: { stage } });
  if (Object.keys(params).length > 0) {
    const sections = (configuration.params ?? {}) as Yaml;
    configuration.params = { ...sections, [stage]: { ...(sections[stage] ?? {}), ...params } };
  }
  const framework = { configurationInput: configuration, processedInput: { options: {} } };
  const sources = {
    env: envSource,
    file: fileSource,
    opt: optSource,
    self: selfSource,
    strToBool: strToBoolSource,
    sls: slsSource(),
    param: paramSource(framework),
  };
  await resolveVariables({ serviceDir: dir, configuration, options: { stage }, sources });
  const leftover = findUnresolved(configuration);
  if (leftover) throw new Error(`${dir}/serverless.yml: variable not resolvable locally at ${leftover}`);
  return { dir, config: configuration };
}

function findUnresolved(value: unknown, where = ''): string | undefined {
  if (typeof value === 'string')
    return /\$\{[^}]*\}/.test(value) && !value.includes('${AWS::') ? `${where}: ${value}` : undefined;
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Fn::Sub') continue; // CloudFormation's own ${...} syntax
      const found = findUnresolved(item, `${where}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function contextFor(raw: RawService, region: string, stage: string, exports: Record<string, string>): IntrinsicContext {
  const service = String(raw.config.service);
  const functions: Record<string, { name?: string }> = raw.config.functions ?? {};
  const generatedNames = Object.fromEntries(
    Object.entries(functions).map(([key, fn]) => [lambdaLogicalId(key), fn.name ?? `${service}-${stage}-${key}`]),
  );
  return {
    region,
    accountId: LOCAL_ACCOUNT_ID,
    stackName: `${service}-${stage}`,
    resources: (raw.config.resources?.Resources ?? {}) as Record<string, CfnResource>,
    exports,
    generatedNames,
  };
}

/** The framework's logical id for a function: `countVote` -> `CountVoteLambdaFunction`. */
function lambdaLogicalId(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

function collectExports(raw: RawService, ctx: IntrinsicContext, exports: Record<string, string>): void {
  const outputs: Record<string, { Value: unknown; Export?: { Name: unknown } }> = raw.config.resources?.Outputs ?? {};
  for (const output of Object.values(outputs)) {
    if (!output.Export) continue;
    exports[String(resolveIntrinsics(output.Export.Name, ctx))] = String(resolveIntrinsics(output.Value, ctx));
  }
}

function busesOf(raw: RawService, ctx: IntrinsicContext): string[] {
  return Object.entries(ctx.resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::EventBus')
    .map(([logicalId, resource]) => physicalName(logicalId, resource, ctx));
}

function buildService(raw: RawService, ctx: IntrinsicContext, stage: string): ServiceModel {
  const name = String(raw.config.service);
  const providerEnvironment = raw.config.provider?.environment ?? {};
  const provider: Yaml = raw.config.provider ?? {};
  const functions = Object.entries(raw.config.functions ?? {}).map(([key, fn]) =>
    buildFunction({ service: name, dir: raw.dir, stage, key, fn: fn as Yaml, providerEnvironment, provider, ctx }),
  );
  const tables: TableModel[] = Object.entries(ctx.resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => ({
      service: name,
      logicalId,
      properties: resolveIntrinsics(resource.Properties ?? {}, ctx) as Record<string, unknown>,
      tableName: physicalName(logicalId, resource, ctx),
    }));
  return {
    name,
    dir: raw.dir,
    esbuild: raw.config.custom?.esbuild ?? {},
    functions,
    tables,
    httpApi: buildHttpApi(raw, ctx),
    params: resolveIntrinsics(stageParams(raw.config, stage), ctx) as Record<string, unknown>,
  };
}

/** What `${param:...}` reads: the stage's section over `default` (command-line params are already in place). */
function stageParams(config: Yaml, stage: string): Record<string, unknown> {
  return { ...(config.params?.default ?? {}), ...(config.params?.[stage] ?? {}) };
}

function buildHttpApi(raw: RawService, ctx: IntrinsicContext): HttpApiModel {
  const declared: Yaml = raw.config.provider?.httpApi?.authorizers ?? {};
  const authorizers = Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => [name, buildAuthorizer(name, resolveIntrinsics(spec, ctx) as Yaml)]),
  );
  const settings = raw.config.resources?.extensions?.HttpApiStage?.Properties?.DefaultRouteSettings;
  const throttle = settings
    ? buildThrottle(resolveIntrinsics(settings, ctx) as Yaml, `${raw.dir}/serverless.yml`)
    : undefined;
  return { authorizers, ...(throttle ? { throttle } : {}) };
}

function buildAuthorizer(name: string, spec: Yaml): HttpApiAuthorizerModel {
  const list = (value: unknown): string[] =>
    value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);
  return {
    name,
    // The framework's default for an authorizer without `type` is a jwt authorizer.
    type: String(spec.type ?? 'jwt').toLowerCase(),
    identitySource: list(spec.identitySource),
    ...(spec.issuerUrl === undefined ? {} : { issuerUrl: String(spec.issuerUrl) }),
    audience: list(spec.audience),
  };
}

function buildThrottle(settings: Yaml, file: string): ThrottleModel | undefined {
  if (settings.ThrottlingRateLimit === undefined && settings.ThrottlingBurstLimit === undefined) return undefined;
  const rateLimit = Number(settings.ThrottlingRateLimit);
  const burstLimit = Number(settings.ThrottlingBurstLimit);
  if (!(Number.isFinite(rateLimit) && rateLimit >= 0 && Number.isInteger(burstLimit) && burstLimit >= 0)) {
    throw new Error(
      `${file}: HttpApiStage DefaultRouteSettings needs ThrottlingRateLimit (a number >= 0) and ThrottlingBurstLimit (an integer >= 0), got ${JSON.stringify(settings.ThrottlingRateLimit)} / ${JSON.stringify(settings.ThrottlingBurstLimit)}`,
    );
  }
  return { rateLimit, burstLimit };
}

interface FunctionInput {
  service: string;
  dir: string;
  stage: string;
  key: string;
  fn: Yaml;
  providerEnvironment: Record<string, unknown>;
  /** `provider` of serverless.yml: timeout, memorySize and architecture defaults. */
  provider: Yaml;
  ctx: IntrinsicContext;
}

function buildFunction(input: FunctionInput): FunctionModel {
  const { fn, ctx } = input;
  const name = String(fn.name ?? `${input.service}-${input.stage}-${input.key}`);
  const handler = String(fn.handler);
  const dot = handler.lastIndexOf('.');
  const environment = resolveIntrinsics({ ...input.providerEnvironment, ...(fn.environment ?? {}) }, ctx) as Record<
    string,
    unknown
  >;
  const events: Yaml[] = fn.events ?? [];
  return {
    service: input.service,
    key: input.key,
    name,
    handlerModule: path.join(input.dir, handler.slice(0, dot)),
    handlerExport: handler.slice(dot + 1),
    environment: Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)])),
    timeoutSeconds: Number(fn.timeout ?? input.provider.timeout ?? DEFAULT_TIMEOUT_SECONDS),
    memorySize: Number(fn.memorySize ?? input.provider.memorySize ?? DEFAULT_MEMORY_SIZE),
    architecture: String(fn.architecture ?? input.provider.architecture ?? DEFAULT_ARCHITECTURE),
    http: events.flatMap((event) => httpRoutes(event)),
    rules: events
      .filter((event) => event.eventBridge)
      .map((event, index) => buildRule(resolveIntrinsics(event.eventBridge, ctx) as Yaml, name, index)),
  };
}

function httpRoutes(event: Yaml): HttpRouteModel[] {
  for (const kind of ['httpApi', 'http'] as const) {
    const spec = event[kind];
    if (!spec) continue;
    if (typeof spec === 'string') {
      const [method = '*', routePath = '/'] = spec === '*' ? ['*', '/{proxy+}'] : spec.split(/\s+/);
      return [{ kind, method: method.toUpperCase(), path: routePath }];
    }
    const authorizer = routeAuthorizer(spec.authorizer);
    return [
      {
        kind,
        method: String(spec.method ?? '*').toUpperCase(),
        path: String(spec.path ?? '/'),
        ...(authorizer ? { authorizer } : {}),
      },
    ];
  }
  return [];
}

/**
 * `authorizer: name` or `authorizer: {name, scopes}`. An authorizer given only by `id` or
 * `type` (external, or IAM) keeps that as its name, so the gateway can refuse it by name.
 */
function routeAuthorizer(spec: unknown): RouteAuthorizerModel | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec === 'string') return { name: spec, authorizationScopes: [] };
  const object = spec as Yaml;
  const name = String(
    object.name ?? (object.id === undefined ? `type:${String(object.type)}` : `id:${JSON.stringify(object.id)}`),
  );
  return { name, authorizationScopes: Array.isArray(object.scopes) ? object.scopes.map(String) : [] };
}

function buildRule(spec: Yaml, functionName: string, index: number): RuleModel {
  const bus = spec.eventBus === undefined ? 'default' : String(spec.eventBus);
  const dlqArn = spec.deadLetterQueueArn === undefined ? undefined : String(spec.deadLetterQueueArn);
  return {
    name: String(spec.name ?? `${functionName}-rule-${index + 1}`),
    busName: bus.includes(':event-bus/') ? bus.slice(bus.indexOf(':event-bus/') + ':event-bus/'.length) : bus,
    pattern: spec.pattern ?? {},
    retryPolicy: {
      maximumRetryAttempts: Number(spec.retryPolicy?.maximumRetryAttempts ?? DEFAULT_RETRY_POLICY.maximumRetryAttempts),
      maximumEventAge: Number(spec.retryPolicy?.maximumEventAge ?? DEFAULT_RETRY_POLICY.maximumEventAge),
    },
    ...(dlqArn === undefined ? {} : { deadLetterQueue: dlqArn.slice(dlqArn.lastIndexOf(':') + 1) }),
  };
}
