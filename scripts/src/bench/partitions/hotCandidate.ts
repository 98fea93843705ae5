/**
 * The hot-candidate phase under the partition model: every vote of an election goes to one
 * candidate, and each vote is saved and counted by the elections store (its own requests, its
 * own retries) through the partition model (docs/partition-model.md) at the same scaled limits,
 * first with the unsharded layout (one tally item, one votes partition), then with the sharded
 * one (`TALLY_SHARDS`). Each layout runs for a fixed time with the same closed-loop concurrency,
 * behind a fresh model, so the two see the same limits and neither inherits the other's splits.
 *
 * A count that fails (the SDK's retries spent, or a throttled transaction) is tried again after a
 * pause, as the bus would redeliver the event: nothing is dropped, and the phase checks that the
 * tally equals the votes it cast (exactly once) before it reports.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  allShards,
  candidateLabelOf,
  DynamoElectionStore,
  emptyTallyShards,
  sumTallyShards,
  TALLY_SHARDS,
  tallyPartition,
} from '@evote/elections';
import { localDynamoClient } from '../../local/dynamodb/client';
import { PartitionProxy } from '../../local/dynamodb/partitions/proxy';
import { scaledLimits } from '../../local/dynamodb/partitions/setting';
import type { Progress } from '../output/progress';

export interface HotCandidateOptions {
  /** DynamoDB Local (not a proxy): the model is started in front of it here. */
  endpoint: string;
  region: string;
  /** The elections table (created already). */
  table: string;
  /** The model's scale of AWS's limits. */
  scale: number;
  /** How long each layout runs. */
  seconds: number;
  /** Votes in flight at once. */
  concurrency: number;
}

export interface LayoutRun {
  layout: 'unsharded' | 'sharded';
  shards: number;
  /** Votes saved and counted, and the time until the last in flight was done. */
  votes: number;
  seconds: number;
  votesPerSecond: number;
  /** Saves or counts that failed and were tried again (as the bus would redeliver). */
  redelivered: number;
  /** The sum of the election's tally shards afterwards: equal to `votes` when each counted once. */
  tallied: number;
  /** What the model answered: write units throttled, whole requests throttled by operation, splits, conflicts. */
  throttledWriteUnits: number;
  throttledRequests: Record<string, number>;
  splits: number;
  transactionConflicts: number;
  /** The most throttled partition keys (at most 3). */
  hottest: { partitionKey: string; throttledWrites: number; partitions: number }[];
}

export interface HotCandidateUnderModel {
  scale: number;
  /** Units per second one partition (and one item) takes at this scale. */
  limits: { writeUnits: number; readUnits: number };
  concurrency: number;
  unsharded: LayoutRun;
  sharded: LayoutRun;
  /** sharded votes/s ÷ unsharded votes/s. */
  ratio: number;
}

const CANDIDATE = 'hot';
/** Pause before a failed save or count is tried again: a redelivery, shortened. */
const REDELIVERY_MS = 100;

export async function hotCandidateUnderModel(
  options: HotCandidateOptions,
  progress: Progress,
): Promise<HotCandidateUnderModel> {
  const unsharded = await runLayout(options, 'unsharded', 1, progress);
  const sharded = await runLayout(options, 'sharded', TALLY_SHARDS, progress);
  return {
    scale: options.scale,
    limits: scaledLimits({ scale: options.scale }),
    concurrency: options.concurrency,
    unsharded,
    sharded,
    ratio: sharded.votesPerSecond / unsharded.votesPerSecond,
  };
}

async function runLayout(
  options: HotCandidateOptions,
  layout: LayoutRun['layout'],
  shards: number,
  progress: Progress,
): Promise<LayoutRun> {
  const electionId = `hot-${layout}-${randomBytes(4).toString('hex')}`;
  const direct = DynamoDBDocumentClient.from(localDynamoClient(options.endpoint, options.region));
  const proxy = await PartitionProxy.start({ upstream: options.endpoint, scale: options.scale });
  const viaModel = localDynamoClient(proxy.endpoint, options.region);
  try {
    await direct.send(
      new BatchWriteCommand({
        RequestItems: {
          [options.table]: emptyTallyShards(electionId, CANDIDATE, shards).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
    const store = new DynamoElectionStore({
      tableName: options.table,
      client: DynamoDBDocumentClient.from(viaModel),
      tallyShards: shards,
    });
    progress.step(`hot candidate under the partition model (x${options.scale}), ${layout}`, options.seconds);
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    let votes = 0;
    let redelivered = 0;
    const untilDone = async (attempt: () => Promise<unknown>) => {
      for (;;) {
        try {
          return await attempt();
        } catch {
          redelivered++;
          await new Promise((resolve) => setTimeout(resolve, REDELIVERY_MS));
        }
      }
    };
    // Progress in whole seconds of the layout's run (`4/15`).
    const ticker = setInterval(
      () => progress.advance(Math.min(options.seconds, Math.floor((performance.now() - started) / 1000))),
      500,
    );
    const slot = async () => {
      while (performance.now() < deadline) {
        const voteId = randomBytes(16).toString('hex');
        const at = new Date().toISOString();
        await untilDone(() =>
          store.save({ voteId, ballotId: `b-${voteId}`, electionId, candidateId: CANDIDATE, castAt: at }),
        );
        await untilDone(() => store.count({ voteId, electionId, candidateId: CANDIDATE, countedAt: at }));
        votes++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, slot));
    clearInterval(ticker);
    const seconds = (performance.now() - started) / 1000;
    const stats = proxy.stats();
    return {
      layout,
      shards,
      votes,
      seconds,
      votesPerSecond: votes / seconds,
      redelivered,
      tallied: await talliedVotes(direct, options.table, electionId, shards),
      throttledWriteUnits: stats.throttled.write,
      throttledRequests: stats.throttledRequests,
      splits: stats.splits,
      transactionConflicts: stats.conflicts.transactionsCancelled,
      hottest: stats.hottest
        .slice(0, 3)
        .map(({ partitionKey, throttledWrites, partitions }) => ({ partitionKey, throttledWrites, partitions })),
    };
  } finally {
    viaModel.destroy();
    direct.destroy();
    await proxy.stop();
  }
}

/** The candidate's tally: its shards summed, read straight from DynamoDB Local. */
async function talliedVotes(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: string,
  shards: number,
): Promise<number> {
  const pages = await Promise.all(
    allShards(shards).map((shard) =>
      db.send(
        new QueryCommand({
          TableName: table,
          ConsistentRead: true,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': tallyPartition(electionId, shard) },
        }),
      ),
    ),
  );
  return (
    sumTallyShards(pages.flatMap((page) => page.Items ?? [])).get(candidateLabelOf(electionId, CANDIDATE))?.voteCount ??
    0
  );
}
