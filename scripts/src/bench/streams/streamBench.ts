/**
 * What numbering a hot stream would cost: the audit log's appends of one election's Vote Casts,
 * once as designed (each vote takes a revision in its own ballot's and voter's streams only) and
 * once with the election's stream numbered too, so every vote of the election races for the
 * same next revision. Both on DynamoDB Local, with the audit table from audit/serverless.yml and
 * the audit table adapter itself, at the same concurrency.
 */
import path from 'node:path';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DetailType, Source } from '@evote/shared';
import {
  auditRecordOf,
  AuditWriteError,
  dynamoAuditLog,
  EntityType,
  REVISIONED_STREAMS,
  type AuditedEvent,
} from '@evote/audit';
import { localDynamoClient } from '../../local/dynamodb/client';
import { startDynamoDbLocal } from '../../local/dynamodb/server';
import { createTableInput } from '../../local/dynamodb/tables';
import { loadStackModel } from '../../local/model/load';
import { freePort } from '../../local/net';
import { repoRoot } from '../../local/paths';

export interface StreamBenchOptions {
  /** Vote Casts appended per layout (default 300). */
  votes: number;
  /** Appends in flight at once (default 25: the local runtime's, and a modest Lambda, concurrency). */
  concurrency: number;
}

export interface LayoutFigures {
  layout: string;
  revisioned: string[];
  appends: number;
  seconds: number;
  appendsPerSecond: number;
  /** Rounds lost to another append (re-read the heads, try again), per append. */
  retriesPerAppend: number;
  /** Appends that lost every round and threw; each is tried again, as Lambda would retry the event. */
  gaveUp: number;
}

export interface StreamBenchResult {
  options: StreamBenchOptions;
  layouts: LayoutFigures[];
  /** Appends per second with the election numbered / as designed. */
  ratio: number;
}

export async function runStreamBench(options: Partial<StreamBenchOptions> = {}): Promise<StreamBenchResult> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const settings: StreamBenchOptions = { votes: options.votes ?? 300, concurrency: options.concurrency ?? 25 };
  const model = await loadStackModel({ root: repoRoot(), stage: 'bench' });
  const table = model.services.find((service) => service.name === 'evote-audit')?.tables[0];
  if (!table) throw new Error('audit/serverless.yml declares no table');
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoClient(dynamo.endpoint, 'us-east-1');
  const db = DynamoDBDocumentClient.from(client);
  try {
    const layouts: LayoutFigures[] = [];
    for (const [layout, revisioned] of [
      ['as designed: ballot and voter streams numbered', REVISIONED_STREAMS],
      ['election stream numbered too', [...REVISIONED_STREAMS, EntityType.Election]],
    ] as const) {
      await client.send(new CreateTableCommand(createTableInput(table)));
      layouts.push(await measure(db, table.tableName, layout, revisioned, settings));
      await client.send(new DeleteTableCommand({ TableName: table.tableName }));
    }
    const [designed, numbered] = layouts as [LayoutFigures, LayoutFigures];
    return { options: settings, layouts, ratio: numbered.appendsPerSecond / designed.appendsPerSecond };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

async function measure(
  db: DynamoDBDocumentClient,
  tableName: string,
  layout: string,
  revisioned: readonly EntityType[],
  options: StreamBenchOptions,
): Promise<LayoutFigures> {
  let retries = 0;
  let gaveUp = 0;
  const log = dynamoAuditLog({
    tableName,
    client: db,
    revisioned,
    pause: async (round) => {
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** round)));
    },
  });
  const records = Array.from({ length: options.votes }, (_, n) => auditRecordOf(voteCast(n)));
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < records.length) {
        const record = records[next++] as (typeof records)[number];
        for (;;) {
          try {
            await log.append(record);
            break;
          } catch (error) {
            if (!(error instanceof AuditWriteError)) throw error;
            gaveUp += 1;
          }
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    layout,
    revisioned: [...revisioned],
    appends: records.length,
    seconds,
    appendsPerSecond: records.length / seconds,
    retriesPerAppend: retries / records.length,
    gaveUp,
  };
}

/** Vote Cast n: its own ballot and voter, all in election e00001, spread over four candidates. */
function voteCast(n: number): AuditedEvent {
  const id = String(n).padStart(6, '0');
  return {
    version: '0',
    id: `bench-${id}`,
    'detail-type': DetailType.VoteCast,
    source: Source.Elections,
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: {
      correlationId: `corr-${id}`,
      voteId: `vote${id}`.padEnd(32, '0'),
      ballotId: `b${id}`,
      voter: { voterId: `v${id}`, fullName: `Voter ${id}` },
      vote: { electionId: 'e00001', candidateId: `c0000${n % 4}` },
    },
  } as AuditedEvent;
}

export function renderStreamBench(result: StreamBenchResult): string {
  const rows = result.layouts.map(
    (figures) =>
      `  ${figures.layout.padEnd(48)} ${figures.appendsPerSecond.toFixed(0).padStart(6)} appends/s  ${figures.retriesPerAppend.toFixed(2).padStart(6)} lost rounds per append, ${figures.gaveUp} gave up and retried  (${figures.appends} in ${figures.seconds.toFixed(1)} s)`,
  );
  return [
    `Audit appends of ${result.options.votes} Vote Casts of one election, ${result.options.concurrency} at a time, on DynamoDB Local:`,
    ...rows,
    `  numbering the election stream: ${result.ratio.toFixed(2)}x the appends per second`,
    `(${path.relative(process.cwd(), path.join(repoRoot(), 'audit', 'README.md'))}, "Stream revisions", explains the figure)`,
  ].join('\n');
}
