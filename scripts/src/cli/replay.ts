/**
 * `yarn replay [--from ISO] [--to ISO] [--rule NAME ...] [--name NAME] [--stage <s> [--region <r>]]`
 * Sends archived events (by event time, inclusive) to the rules of the bus again, all rules or
 * the named ones; replayed events carry `replay-name`. Locally it replays the local stack's
 * archive and waits until the deliveries are done; with --stage it starts an EventBridge replay
 * of the stage's archive and prints its name (follow it with `aws events describe-replay`).
 */
import {
  DescribeArchiveCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { parseArgs } from './args';
import { callBusAdmin } from './busAdmin';

interface ReplayOptions {
  from?: string;
  to?: string;
  rules: string[];
  name: string;
}

async function replayLocally(options: ReplayOptions): Promise<void> {
  const result = await callBusAdmin<{ replayName: string; events: number }>('POST', 'replay', {
    ...options,
    rules: options.rules.length ? options.rules : undefined,
  });
  await callBusAdmin('POST', 'idle');
  console.log(
    `replay ${result.replayName}: ${result.events} archived event(s) sent again${options.rules.length ? ` to ${options.rules.join(', ')}` : ' to every rule'}; deliveries finished`,
  );
}

async function replayOnStage(options: ReplayOptions, stage: string, region: string | undefined): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new EventBridgeClient(region ? { region } : {});
  const busName = `evote-${stage}`;
  const archive = await client.send(new DescribeArchiveCommand({ ArchiveName: `${busName}-archive` }));
  const ruleArns = await Promise.all(
    options.rules.map(
      async (name) => (await client.send(new DescribeRuleCommand({ Name: name, EventBusName: busName }))).Arn as string,
    ),
  );
  await client.send(
    new StartReplayCommand({
      ReplayName: options.name,
      EventSourceArn: archive.EventSourceArn,
      EventStartTime: new Date(options.from ?? '1970-01-01T00:00:00Z'),
      EventEndTime: new Date(options.to ?? new Date().toISOString()),
      Destination: { Arn: archive.EventSourceArn, ...(ruleArns.length ? { FilterArns: ruleArns } : {}) },
    }),
  );
  console.log(
    `started replay ${options.name} of ${archive.ArchiveArn}; follow it with: aws events describe-replay --replay-name ${options.name}`,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rules = argv.flatMap((arg, index) => (arg === '--rule' && argv[index + 1] ? [argv[index + 1] as string] : []));
  const rest = argv.filter((arg, index) => arg !== '--rule' && argv[index - 1] !== '--rule');
  const args = parseArgs(rest, { values: ['from', 'to', 'name', 'stage', 'region'] });
  for (const key of ['from', 'to'] as const) {
    const value = args.values[key];
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new Error(`--${key} must be an ISO time, got "${value}"`);
  }
  const options: ReplayOptions = {
    ...(args.values.from ? { from: args.values.from } : {}),
    ...(args.values.to ? { to: args.values.to } : {}),
    rules,
    name:
      args.values.name ??
      `evote-replay-${new Date()
        .toISOString()
        .replace(/[^0-9]/g, '')
        .slice(0, 14)}`,
  };
  if (args.values.stage) await replayOnStage(options, args.values.stage, args.values.region);
  else await replayLocally(options);
}

main().catch((error: Error) => {
  console.error(`replay failed: ${error.message}`);
  process.exit(1);
});
