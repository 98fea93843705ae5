/**
 * `yarn start`: the whole system on this machine, in the foreground, until Ctrl-C.
 *   yarn start [--in-memory] [--stage <name>]
 * Ports: PORT (HTTP, 3000), EVENTBRIDGE_PORT (4010), DYNAMODB_PORT (8000).
 * Data: EVOTE_DATA_DIR (default .evote/ in the repository root).
 * Test knobs: EVOTE_LOCAL_DUPLICATES, EVOTE_LOCAL_SHUFFLE, EVOTE_LOCAL_FAIL_FIRST, EVOTE_LOCAL_BACKOFF_MS.
 * Throttle: EVOTE_LOCAL_THROTTLE=off|<rate>/<burst> (default: each serverless.yml's stage throttle).
 * Partition limits: EVOTE_LOCAL_PARTITION_LIMITS=off|on|scale=<factor> (default off; docs/partition-model.md).
 */
import path from 'node:path';
import { startLocalStack } from '../local/stack';
import { PrerequisiteError } from '../local/prerequisites';
import { knobsFromEnv } from '../local/eventbridge/knobs';
import { parseThrottleSetting } from '../local/gateway/throttle';
import { parsePartitionLimits } from '../local/dynamodb/partitions/setting';
import { STATS_PATH, type PartitionProxy } from '../local/dynamodb/partitions/proxy';
import { issuerPath } from '../local/auth/endpoints';
import type { LocalIssuer } from '../local/auth/issuer';
import type { HttpRouteModel } from '../local/model/types';
import { parseArgs } from './args';
import { ensureWebBuilt } from '../web/build';

// See jest.setup.js: the pinned SDK runs on Node 20; its Node 22 notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['in-memory', 'quiet'], values: ['stage'] });
  const started = Date.now();
  const dataDir = process.env.EVOTE_DATA_DIR ? path.resolve(process.env.EVOTE_DATA_DIR) : undefined;
  // The pages are static files the gateway serves; built here only when their sources changed.
  // A page that fails to build does not stop the API: the pages then answer 503 saying so.
  await ensureWebBuilt(undefined, (line) => console.log(`[local] ${line}`)).catch((error: Error) =>
    console.error(`[local] the web app did not build: ${error.message}`),
  );
  const stack = await startLocalStack({
    stage: args.values.stage ?? 'local',
    inMemory: args.flags['in-memory'],
    ...(dataDir ? { dataDir } : {}),
    ports: {
      http: envPort('PORT', 3000),
      eventBridge: envPort('EVENTBRIDGE_PORT', 4010),
      dynamodb: envPort('DYNAMODB_PORT', 8000),
    },
    knobs: knobsFromEnv(),
    throttle: parseThrottleSetting(process.env.EVOTE_LOCAL_THROTTLE),
    partitionLimits: parsePartitionLimits(process.env.EVOTE_LOCAL_PARTITION_LIMITS),
    log: (line) => console.log(`[local] ${line}`),
    functionLog: args.flags.quiet ? () => undefined : (name, line) => console.log(`[${name}] ${line}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { urls } = stack;
  const routes = stack.model.services.flatMap((service) =>
    service.functions.flatMap((fn) =>
      fn.http.map((route) => `    ${route.method} ${urls.http}${route.path}  -> ${fn.name}  ${guardOf(route)}`),
    ),
  );
  const issuer = stack.issuer
    ? issuerLines(stack.issuer, urls.http)
    : '  Issuer         none local: this stage trusts its own issuer';
  const throttles = stack.model.services
    .filter((service) => service.functions.some((fn) => fn.http.length > 0))
    .map((service) =>
      service.httpApi.throttle
        ? `${service.name} ${service.httpApi.throttle.rateLimit}/s burst ${service.httpApi.throttle.burstLimit}`
        : `${service.name} none`,
    );
  const rules = stack.model.services.flatMap((service) =>
    service.functions.flatMap((fn) => fn.rules.map((rule) => `    ${rule.name} -> ${fn.name}`)),
  );
  console.log(`
evote local stack (stage ${stack.model.stage}) ready in ${seconds} s${args.flags['in-memory'] ? ' — in memory, nothing is kept' : ` — data kept in ${dataDir ?? '.evote/'}`}
  Web app        ${urls.http}/  (vote)   ${urls.http}/results   ${urls.http}/audit  (auditors)
  HTTP gateway   ${urls.http}
${routes.join('\n')}
    throttle: ${process.env.EVOTE_LOCAL_THROTTLE ? `EVOTE_LOCAL_THROTTLE=${process.env.EVOTE_LOCAL_THROTTLE}` : throttles.join('; ')}
${issuer}
  EventBridge    ${urls.eventBridge}   (bus ${stack.model.buses.join(', ')})
${rules.join('\n')}
  DynamoDB Local ${urls.dynamodb}   (tables ${stack.model.services.flatMap((service) => service.tables.map((table) => table.tableName)).join(', ')})
${partitionLine(stack.partitions)}
  AWS CLI: aws dynamodb list-tables --endpoint-url ${urls.dynamodb} --region ${stack.model.region}
           aws events put-events --endpoint-url ${urls.eventBridge} --region ${stack.model.region} --entries '[...]'
           aws scheduler list-schedules --endpoint-url ${urls.scheduler} --region ${stack.model.region}   (AWS_ENDPOINT_URL_SCHEDULER=${urls.scheduler}: Election Opened/Closed schedules, from yarn admin load-election)
  (any access key works locally: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)
Ctrl-C stops everything.`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    stack.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function partitionLine(partitions: PartitionProxy | undefined): string {
  if (!partitions) return '';
  const { scale, limits } = partitions.stats();
  return `  Partitions     ${partitions.endpoint}   (the functions' DynamoDB: AWS's per-partition limits x ${scale}, ${limits.writeUnits} write / ${limits.readUnits} read units per second per partition; throttles at GET ${partitions.endpoint}${STATS_PATH})
`;
}

function guardOf(route: HttpRouteModel): string {
  if (!route.authorizer) return '(public)';
  const scopes = route.authorizer.authorizationScopes;
  return `(token: ${route.authorizer.name}${scopes.length ? `, scope ${scopes.join(' or ')}` : ''})`;
}

function issuerLines(issuer: LocalIssuer, httpUrl: string): string {
  const base = `${httpUrl}${issuerPath(issuer)}`;
  return `  Issuer         ${issuer.url}   (every token's iss; served at ${base})
    GET  ${base}/.well-known/openid-configuration
    GET  ${base}/.well-known/jwks.json
    POST ${base}/token   {"voterId":"<id>"} or {"role":"auditor"}, or: yarn token voter <id> / yarn token auditor`;
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

main().catch((error: Error) => {
  // A missing prerequisite's message is the whole answer (what is wrong, how to fix it);
  // anything else is prefixed so it reads as the failure it is. Neither gets a stack trace.
  console.error(error instanceof PrerequisiteError ? error.message : `yarn start failed: ${error.message}`);
  process.exit(1);
});
