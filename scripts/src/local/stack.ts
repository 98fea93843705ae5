/**
 * The whole system on one machine: DynamoDB Local, the bundled functions, the local bus, the
 * issuer and the HTTP gateway, wired from the services' serverless.yml. Over 250 lines because
 * `startLocalStack` is the one place that orders and wires every part and undoes them on failure;
 * the parts themselves live in the subfolders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { loadStackModel } from './model/load';
import type { FunctionModel, StackModel } from './model/types';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/server';
import { ensureTables } from './dynamodb/tables';
import { bundleFunctions } from './runtime/bundle';
import { FunctionHost } from './runtime/functions';
import { LocalEventBus, type Route } from './eventbridge/bus';
import { busRequestHandler } from './eventbridge/server';
import { LocalScheduler } from './scheduler/scheduler';
import { withSchedulerApi } from './scheduler/api';
import { Archive, DeadLetterQueues } from './eventbridge/stores';
import { DeliveryJournal } from './eventbridge/journal';
import { DEFAULT_KNOBS, type Knobs } from './eventbridge/knobs';
import { LocalMetrics } from './eventbridge/metrics';
import { RouteTable } from './gateway/routes';
import { AccessRules } from './gateway/access';
import type { ThrottleSetting } from './gateway/throttle';
import { LocalIssuer, isLocalIssuerUrl, issuerIdentityOf } from './auth/issuer';
import { gatewayRequestHandler, type HttpTarget } from './gateway/server';
import { close, listen } from './http';
import { freePort } from './net';
import { bindPort, checkPortFree, checkRuntime, PrerequisiteError } from './prerequisites';
import { repoRoot } from './paths';
import { webPaths } from '../web/build';
import { localWebConfig } from '../web/localConfig';
import { localDynamoClient } from './dynamodb/client';
import { PartitionProxy } from './dynamodb/partitions/proxy';
import type { PartitionLimitsSetting } from './dynamodb/partitions/setting';

export interface LocalStackPorts {
  /** HTTP gateway (PORT, default 3000). 0 = any free port. */
  http?: number;
  /** EventBridge endpoint (EVENTBRIDGE_PORT, default 4010). */
  eventBridge?: number;
  /** DynamoDB Local (DYNAMODB_PORT, default 8000). */
  dynamodb?: number;
}

export interface LocalStackOptions {
  root?: string;
  stage?: string;
  ports?: LocalStackPorts;
  /** Keep nothing on disk: DynamoDB in memory, no archive, dead-letter or delivery journal files. */
  inMemory?: boolean;
  /** Where a persistent stack keeps its data (DynamoDB, the bus's files, the bundles). Default `<root>/.evote`. */
  dataDir?: string;
  knobs?: Partial<Knobs>;
  /** Stack lines: endpoints, deliveries, HTTP requests. Default: none. */
  log?: (line: string) => void;
  /** Lines the functions write, but their metric (EMF) lines, which go to `metrics`. Default: none. */
  functionLog?: (functionName: string, line: string) => void;
  /**
   * Most worker threads per function (Lambda's concurrent environments). A function starts with
   * one and grows under load. Default: the number of cores, at most 4.
   */
  workersPerFunction?: number;
  /** Environment every function gets on top of the stack's (e.g. an endpoint of a proxy in front of DynamoDB Local). */
  functionEnvironment?: Record<string, string>;
  /**
   * The HTTP APIs' throttle: `'model'` (default) as each serverless.yml declares it, `'off'`, or
   * `{ rateLimit, burstLimit }` for every API (`EVOTE_LOCAL_THROTTLE` of `yarn start`).
   */
  throttle?: ThrottleSetting;
  /** The built web app the gateway serves at `/`, `/results`, `/audit`. Default `<root>/events/web/dist`; false: none. */
  webDir?: string | false;
  /**
   * AWS's per-partition limits, scaled, in front of DynamoDB Local (docs/partition-model.md):
   * the functions and `clientEnvironment` then reach DynamoDB through the model; `urls.dynamodb`
   * stays DynamoDB Local itself. Default `'off'` (`EVOTE_LOCAL_PARTITION_LIMITS` of `yarn start`).
   */
  partitionLimits?: PartitionLimitsSetting;
}

/** Tokens of the local issuer, for tests and tools: what a signed-in voter or an auditor would send. */
export interface LocalTokens {
  voter(voterId: string): Promise<string>;
  auditor(): Promise<string>;
}

export interface LocalStack {
  /** `scheduler`: the local EventBridge Scheduler API, served on the bus's port. */
  urls: { http: string; eventBridge: string; dynamodb: string; scheduler: string };
  /** Environment that points an AWS SDK client (or the AWS CLI) at this stack. */
  clientEnvironment: Record<string, string>;
  model: StackModel;
  bus: LocalEventBus;
  archive: Archive;
  deadLetters: DeadLetterQueues;
  /** One-time schedules (Election Opened/Closed) that put their events on the bus at their instant. */
  scheduler: LocalScheduler;
  /** The business metrics the functions' EMF lines and the bus have counted so far. */
  metrics: LocalMetrics;
  functions: ReadonlyMap<string, FunctionHost>;
  /** The partition model in front of DynamoDB Local, when `partitionLimits` is on: its `stats()` count the throttles. */
  partitions: PartitionProxy | undefined;
  /** The local OIDC issuer (served by the gateway under its URL's path); undefined when the stage trusts another issuer. */
  issuer: LocalIssuer | undefined;
  tokens: LocalTokens;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local, the local bus and the HTTP gateway with every function of the four services. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const root = options.root ?? repoRoot();
  const stage = options.stage ?? 'local';
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir ?? path.join(root, '.evote'));
  const buildDir = options.inMemory ? path.join(dataDir, 'tmp', randomUUID()) : path.join(dataDir, 'build', stage);
  const ports = resolvePorts(options.ports ?? {});
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error: Error) => log(`stop: ${error.message}`));
  };
  // Node and Java first, before anything is started or bound: a missing one is a PrerequisiteError.
  await checkRuntime();
  try {
    // The bus's port goes into every function's environment before the bus exists, so its
    // server is bound first (answering 503 until the bus is ready): a port found free and bound
    // seconds later can be taken meanwhile by any outgoing connection's ephemeral port.
    const busReady: { handler?: http.RequestListener } = {};
    const busServer = await bindPort('eventBridge', ports.eventBridge, () =>
      listen(
        (request, response) => (busReady.handler ? busReady.handler(request, response) : notReady(response)),
        ports.eventBridge,
      ),
    );
    cleanups.push(() => close(busServer.server));
    // The gateway's port is claimed now too, so a port in use is reported before Java or the
    // bundler start, not after; it answers 503 until the functions are up.
    const gatewayReady: { handler?: http.RequestListener } = {};
    const gatewayServer = await bindPort('http', ports.http, () =>
      listen(
        (request, response) =>
          gatewayReady.handler ? gatewayReady.handler(request, response) : gatewayStarting(response),
        ports.http,
      ),
    );
    cleanups.push(() => close(gatewayServer.server));
    await checkPortFree('dynamodb', ports.dynamodb);
    const [model, dynamo, bundled] = await startInParallel(
      root,
      stage,
      ports.dynamodb,
      options.inMemory ? undefined : path.join(dataDir, 'dynamodb'),
      buildDir,
      cleanups,
    );
    const region = model.region;
    const partitions = await startPartitions(options.partitionLimits, dynamo.endpoint, model, cleanups);
    const clientEnvironment = {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: partitions?.endpoint ?? dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${busServer.port}`,
      AWS_ENDPOINT_URL_SCHEDULER: `http://127.0.0.1:${busServer.port}`,
    };
    const dynamoClient = localDynamoClient(dynamo.endpoint, region);
    const created = await ensureTables(
      dynamoClient,
      model.services.flatMap((service) => service.tables),
      { log },
    );
    dynamoClient.destroy();
    if (created.length) log(`created tables: ${created.join(', ')}`);
    const issuer = await openIssuer(model, options.inMemory ? undefined : path.join(dataDir, 'issuer', stage));
    // Refuses, before any function starts, a route the gateway could not guard as API Gateway would.
    const access = new AccessRules(model, issuer, options.throttle ?? 'model');

    const metrics = new LocalMetrics();
    const functionLog = options.functionLog ?? (() => undefined);
    const hosts = new Map<string, FunctionHost>();
    for (const item of bundled) {
      const host = new FunctionHost(item, {
        baseEnvironment: {
          ...clientEnvironment,
          PATH: process.env.PATH ?? '',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
          ...options.functionEnvironment,
        },
        region,
        accountId: model.accountId,
        // An EMF line is a metric, as in CloudWatch: counted, not printed among the log lines.
        onLog: (name, line) => (metrics.observeLine(line) ? undefined : functionLog(name, line)),
        maxWorkers: options.workersPerFunction ?? Math.min(4, os.availableParallelism()),
      });
      hosts.set(item.fn.name, host);
      cleanups.push(() => host.stop());
    }
    await Promise.all([...hosts.values()].map((host) => host.started()));

    const busDir = path.join(dataDir, 'eventbridge', stage);
    const deadLetters = new DeadLetterQueues(options.inMemory ? undefined : path.join(busDir, 'dead-letters.json'));
    const archive = new Archive(options.inMemory ? undefined : path.join(busDir, 'archive.jsonl'));
    const journal = options.inMemory ? undefined : DeliveryJournal.open(path.join(busDir, 'journal.jsonl'));
    const bus = new LocalEventBus({
      region,
      accountId: model.accountId,
      buses: model.buses,
      routes: routesOf(model, hosts),
      archive,
      deadLetters,
      knobs: { ...DEFAULT_KNOBS, ...options.knobs },
      log,
      metrics,
      ...(journal ? { journal } : {}),
    });
    // Runs before the functions stop (cleanups run in reverse): deliveries cut short stay owed.
    cleanups.push(() => bus.close());
    bus.resume();
    const scheduler = new LocalScheduler({
      region,
      accountId: model.accountId,
      putEvents: (request) => bus.putEvents(request),
      deadLetters,
      log,
      ...(options.inMemory ? {} : { file: path.join(dataDir, 'scheduler', stage, 'schedules.json') }),
    });
    // Runs before the bus closes (cleanups run in reverse): no schedule fires into a closed bus.
    cleanups.push(() => scheduler.close());
    busReady.handler = withSchedulerApi(scheduler, busRequestHandler({ bus, deadLetters, metrics }));
    const webDir = options.webDir ?? webPaths(root).outDir;
    gatewayReady.handler = gatewayHandler(model, hosts, log, access, issuer, webDir);
    return {
      urls: {
        http: `http://127.0.0.1:${gatewayServer.port}`,
        eventBridge: clientEnvironment.AWS_ENDPOINT_URL_EVENTBRIDGE,
        scheduler: clientEnvironment.AWS_ENDPOINT_URL_SCHEDULER,
        dynamodb: dynamo.endpoint,
      },
      clientEnvironment,
      model,
      bus,
      archive,
      deadLetters,
      scheduler,
      metrics,
      functions: hosts,
      partitions,
      issuer,
      tokens: tokensOf(issuer, stage),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The ports to use; 0 means any free one. Our own servers are given 0 and bound at once; for
 * DynamoDB Local, a separate Java process, a free port is found when it starts (`startDynamo`).
 */
function resolvePorts(ports: LocalStackPorts): Required<LocalStackPorts> {
  return { http: ports.http ?? 3000, eventBridge: ports.eventBridge ?? 4010, dynamodb: ports.dynamodb ?? 8000 };
}

/**
 * DynamoDB Local on `port`, or with 0 on a port found free just before. Another process can take
 * that port before Java binds it (then Java exits at once): a few more free ports are tried.
 */
async function startDynamo(port: number, dataDir: string | undefined): Promise<DynamoDbLocal> {
  const start = async (chosen: number) => startDynamoDbLocal({ port: chosen, ...(dataDir ? { dataDir } : {}) });
  if (port !== 0) return start(port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      const lostPort = error instanceof PrerequisiteError && error.code === 'PORT_IN_USE';
      if (attempt >= 3 || !(lostPort || /DynamoDB Local exited/.test((error as Error).message))) throw error;
    }
  }
}

async function startPartitions(
  setting: PartitionLimitsSetting | undefined,
  upstream: string,
  model: StackModel,
  cleanups: (() => Promise<void>)[],
): Promise<PartitionProxy | undefined> {
  if (!setting || setting === 'off') return undefined;
  const proxy = await PartitionProxy.start({
    ...setting,
    upstream,
    arn: { region: model.region, accountId: model.accountId },
  });
  cleanups.push(() => proxy.stop());
  return proxy;
}

function gatewayStarting(response: http.ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message: 'Service Unavailable: the local stack is starting' }));
}

function notReady(response: http.ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'the local bus is starting' }));
}

/** The three slow steps (reading config, starting Java, bundling) overlap. */
async function startInParallel(
  root: string,
  stage: string,
  dynamoPort: number,
  dynamoDir: string | undefined,
  buildDir: string,
  cleanups: (() => Promise<void>)[],
) {
  const modelPromise = loadStackModel({ root, stage });
  const dynamoPromise = startDynamo(dynamoPort, dynamoDir).then((dynamo: DynamoDbLocal) => {
    cleanups.push(() => dynamo.stop());
    return dynamo;
  });
  const bundledPromise = modelPromise.then(async (model) => {
    cleanups.push(async () => {
      if (buildDir.includes(`${path.sep}tmp${path.sep}`)) fs.rmSync(buildDir, { recursive: true, force: true });
    });
    // One bundle cache per checkout: every test's stack reuses the bundles an earlier one built.
    return bundleFunctions(model.services, buildDir, path.join(root, '.evote', 'bundle-cache'));
  });
  const settled = await Promise.allSettled([modelPromise, dynamoPromise, bundledPromise]);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return [await modelPromise, await dynamoPromise, await bundledPromise] as const;
}

function routesOf(model: StackModel, hosts: ReadonlyMap<string, FunctionHost>): Route[] {
  return model.services.flatMap((service) =>
    service.functions.flatMap((fn: FunctionModel) =>
      fn.rules.map((rule) => {
        const host = hosts.get(fn.name) as FunctionHost;
        return {
          rule,
          ruleArn: `arn:aws:events:${model.region}:${model.accountId}:rule/${rule.busName}/${rule.name}`,
          target: {
            names: [fn.key, fn.name, rule.name],
            arn: `arn:aws:lambda:${model.region}:${model.accountId}:function:${fn.name}`,
            invoke: (event) => host.invoke(event),
          },
        };
      }),
    ),
  );
}

function gatewayHandler(
  model: StackModel,
  hosts: ReadonlyMap<string, FunctionHost>,
  log: (line: string) => void,
  access: AccessRules,
  issuer: LocalIssuer | undefined,
  webDir: string | false,
): http.RequestListener {
  const routes = new RouteTable<HttpTarget>();
  for (const service of model.services) {
    for (const fn of service.functions) {
      const host = hosts.get(fn.name) as FunctionHost;
      for (const route of fn.http)
        routes.add(route, { name: fn.name, invoke: (event) => host.invoke(event), access: access.of(service, route) });
    }
  }
  return gatewayRequestHandler({
    routes,
    region: model.region,
    accountId: model.accountId,
    log,
    ...(issuer ? { issuer } : {}),
    ...(issuer && webDir ? { site: { dir: webDir, config: () => localWebConfig(issuer) } } : {}),
  });
}

/** The local issuer, when the stage's issuer is a local URL (the `local` stage's is); its key kept in `keyDir` unless in memory. */
async function openIssuer(model: StackModel, keyDir: string | undefined): Promise<LocalIssuer | undefined> {
  const identity = issuerIdentityOf(model);
  if (!identity || !isLocalIssuerUrl(identity.issuerUrl)) return undefined;
  return LocalIssuer.open(identity, keyDir);
}

function tokensOf(issuer: LocalIssuer | undefined, stage: string): LocalTokens {
  const local = (): LocalIssuer => {
    if (!issuer) throw new Error(`stage ${stage} trusts no local issuer: its tokens come from the stage's own issuer`);
    return issuer;
  };
  return { voter: async (voterId) => local().voterToken(voterId), auditor: async () => local().auditorToken() };
}
