/**
 * What the delivery journal costs PutEvents: the latency the unchanged AWS SDK client sees from
 * the local bus's endpoint in memory (`--in-memory`), with the archive file alone (the bus before
 * the journal), and with archive and journal (a persistent stack), one request at a time and 16
 * at once. Targets take each event at once, so only the bus is timed.
 *   yarn tsx scripts/src/local/eventbridge/journalCost.ts [--requests N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LocalEventBus, type Route } from './bus';
import { busRequestHandler } from './server';
import { LocalMetrics } from './metrics';
import { DEFAULT_KNOBS } from './knobs';
import { DeliveryJournal } from './journal';
import { Archive, DeadLetterQueues } from './stores';
import { close, listen } from '../http';
import { parseArgs } from '../../cli/args';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BUS = 'evote-cost';
/** Five rules match every event, as a Vote Cast meets saveVote, countVote and auditEvent here. */
const RULES = ['one', 'two', 'three', 'four', 'five'];

type Mode = 'in memory' | 'archive file' | 'archive + journal';

interface Figures {
  mode: string;
  inFlight: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

async function measure(mode: Mode, inFlight: number, requests: number): Promise<Figures> {
  const onDisk = mode !== 'in memory';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-journal-cost-'));
  const routes: Route[] = RULES.map((name) => ({
    rule: {
      name,
      busName: BUS,
      pattern: { source: ['evote.cost'] },
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAge: 3600 },
      deadLetterQueue: `${name}-dlq`,
    },
    ruleArn: `arn:aws:events:us-east-1:000000000000:rule/${BUS}/${name}`,
    target: {
      names: [name],
      arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      invoke: async () => undefined,
    },
  }));
  const deadLetters = new DeadLetterQueues(onDisk ? path.join(dir, 'dead-letters.json') : undefined);
  const bus = new LocalEventBus({
    region: 'us-east-1',
    accountId: '000000000000',
    buses: [BUS],
    routes,
    deadLetters,
    knobs: DEFAULT_KNOBS,
    log: () => undefined,
    archive: new Archive(onDisk ? path.join(dir, 'archive.jsonl') : undefined),
    ...(mode === 'archive + journal' ? { journal: DeliveryJournal.open(path.join(dir, 'journal.jsonl')) } : {}),
  });
  const { server, port } = await listen(busRequestHandler({ bus, deadLetters, metrics: new LocalMetrics() }), 0);
  const client = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const put = () =>
    client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: BUS,
            Source: 'evote.cost',
            DetailType: 'Vote Cast',
            Detail: JSON.stringify({ ballotId: 'b00001', vote: { electionId: '6353a9', candidateId: 'f5484e' } }),
          },
        ],
      }),
    );
  try {
    for (let warm = 0; warm < 50; warm++) await put();
    await bus.idle();
    const latencies: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    const sender = async () => {
      while (next++ < requests) {
        const sent = process.hrtime.bigint();
        await put();
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, sender));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await bus.idle();
    latencies.sort((a, b) => a - b);
    const at = (share: number) =>
      Number((latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0).toFixed(2));
    return {
      mode,
      inFlight,
      requests,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      perSecond: Math.round(requests / seconds),
    };
  } finally {
    client.destroy();
    await bus.close();
    await close(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: [], values: ['requests'] });
  const requests = Number(args.values.requests ?? 1000);
  const rows: Figures[] = [];
  const modes: Mode[] = ['in memory', 'archive file', 'archive + journal'];
  for (const inFlight of [1, 16]) for (const mode of modes) rows.push(await measure(mode, inFlight, requests));
  console.log('PutEvents (1 entry, 5 matching rules) through the AWS SDK, milliseconds');
  console.table(rows);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
