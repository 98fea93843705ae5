/**
 * `yarn start`: the whole system on this machine, in the foreground, until Ctrl-C.
 *   yarn start [--in-memory] [--stage <name>]
 * Ports: PORT (HTTP, 3000), EVENTBRIDGE_PORT (4010), DYNAMODB_PORT (8000).
 * Test knobs: EVOTE_LOCAL_DUPLICATES, EVOTE_LOCAL_SHUFFLE, EVOTE_LOCAL_FAIL_FIRST, EVOTE_LOCAL_BACKOFF_MS.
 */
import { startLocalStack } from '../local/stack';
import { knobsFromEnv } from '../local/eventbridge/knobs';
import { parseArgs } from './args';

// See jest.setup.js: the pinned SDK runs on Node 20; its Node 22 notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['in-memory', 'quiet'], values: ['stage'] });
  const started = Date.now();
  const stack = await startLocalStack({
    stage: args.values.stage ?? 'local',
    inMemory: args.flags['in-memory'],
    ports: { http: envPort('PORT', 3000), eventBridge: envPort('EVENTBRIDGE_PORT', 4010), dynamodb: envPort('DYNAMODB_PORT', 8000) },
    knobs: knobsFromEnv(),
    log: (line) => console.log(`[local] ${line}`),
    functionLog: args.flags.quiet ? () => undefined : (name, line) => console.log(`[${name}] ${line}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { urls } = stack;
  const routes = stack.model.services.flatMap((service) => service.functions.flatMap((fn) => fn.http.map((route) => `    ${route.method} ${urls.http}${route.path}  -> ${fn.name}`)));
  const rules = stack.model.services.flatMap((service) => service.functions.flatMap((fn) => fn.rules.map((rule) => `    ${rule.name} -> ${fn.name}`)));
  console.log(`
evote local stack (stage ${stack.model.stage}) ready in ${seconds} s${args.flags['in-memory'] ? ' — in memory, nothing is kept' : ' — data kept in .evote/'}
  HTTP gateway   ${urls.http}
${routes.join('\n')}
  EventBridge    ${urls.eventBridge}   (bus ${stack.model.buses.join(', ')})
${rules.join('\n')}
  DynamoDB Local ${urls.dynamodb}   (tables ${stack.model.services.flatMap((service) => service.tables.map((table) => table.tableName)).join(', ')})

  AWS CLI: aws dynamodb list-tables --endpoint-url ${urls.dynamodb} --region ${stack.model.region}
           aws events put-events --endpoint-url ${urls.eventBridge} --region ${stack.model.region} --entries '[...]'
  (any access key works locally: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)
Ctrl-C stops everything.`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    stack.stop().then(() => process.exit(0), (error: Error) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

main().catch((error: Error) => {
  console.error(`yarn start failed: ${error.message}`);
  process.exit(1);
});
