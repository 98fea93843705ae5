/**
 * One layout of the elections table run for a fixed time under the partition model: a closed
 * loop of votes, each (optionally) checked against the catalog as the fan-out does, then saved
 * and counted by the elections store (its own requests, its own retries), behind a fresh model
 * so no run inherits another's splits. The hot-candidate and hot-election phases differ only in
 * the items they start from and in which candidates the votes name.
 *
 * A read, save or count that fails (the SDK's retries spent, or a throttled transaction) is tried
 * again after a pause, as the bus would redeliver the event: nothing is dropped, and the run
 * checks that the tallies equal the votes it cast (exactly once) before it reports.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { allShards, DynamoElectionStore, sumTallyShards, tallyPartition } from '@evote/elections';
import { applyReset } from '../../init/reset';
import { localDynamoClient } from '../../local/dynamodb/client';
import { PartitionProxy } from '../../local/dynamodb/partitions/proxy';
import { scaledLimits } from '../../local/dynamodb/partitions/setting';
import type { Progress } from '../output/progress';

export interface UnderModelOptions {
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

export type Layout = 'unsharded' | 'sharded';

/** What one layout of a phase starts from and what its votes name. */
export interface Workload {
  /** The phase, in the progress line and the election's id. */
  phase: string;
  layout: Layout;
  shards: number;
  /** The items the election starts with, written straight to DynamoDB Local. */
  items(electionId: string): Record<string, unknown>[];
  /** The votes name these candidates in turn. */
  candidates: readonly string[];
  /** Whether each vote first reads the catalog (the election and its candidates), as the fan-out does. */
  readsCatalog: boolean;
}

export interface LayoutRun {
  layout: Layout;
  shards: number;
  /** Votes saved and counted, and the time until the last in flight was done. */
  votes: number;
  seconds: number;
  votesPerSecond: number;
  /** Reads, saves or counts that failed and were tried again (as the bus would redeliver). */
  redelivered: number;
  /** The sum of the election's tally shards afterwards: equal to `votes` when each counted once. */
  tallied: number;
  /** Item reads the model admitted per vote (each at least 1 read unit): the catalog's items, 0 when it is not read. */
  itemReadsPerVote: number;
  /** What the model answered: units throttled, whole requests throttled by operation, splits, conflicts. */
  throttledWriteUnits: number;
  throttledReadUnits: number;
  throttledRequests: Record<string, number>;
  splits: number;
  transactionConflicts: number;
  /** The most throttled partition keys (at most 3). */
  hottest: { partitionKey: string; throttledWrites: number; throttledReads: number; partitions: number }[];
}

/** A phase's two layouts, run one after the other at the same scaled limits and concurrency. */
export interface LayoutComparison {
  scale: number;
  /** Units per second one partition (and one item) takes at this scale. */
  limits: { writeUnits: number; readUnits: number };
  concurrency: number;
  unsharded: LayoutRun;
  sharded: LayoutRun;
  /** sharded votes/s ÷ unsharded votes/s. */
  ratio: number;
}

/** Runs the unsharded workload, then the sharded one, each behind a fresh model (`runLayout`). */
export async function compareLayouts(
  options: UnderModelOptions,
  workloads: { unsharded: Workload; sharded: Workload },
  progress: Progress,
): Promise<LayoutComparison> {
  const unsharded = await runLayout(options, workloads.unsharded, progress);
  const sharded = await runLayout(options, workloads.sharded, progress);
  return {
    scale: options.scale,
    limits: scaledLimits({ scale: options.scale }),
    concurrency: options.concurrency,
    unsharded,
    sharded,
    ratio: sharded.votesPerSecond / unsharded.votesPerSecond,
  };
}

/** Pause before a failed read, save or count is tried again: a redelivery, shortened. */
const REDELIVERY_MS = 100;

export async function runLayout(
  options: UnderModelOptions,
  workload: Workload,
  progress: Progress,
): Promise<LayoutRun> {
  const electionId = `${workload.phase.replaceAll(' ', '-')}-${workload.layout}-${randomBytes(4).toString('hex')}`;
  const direct = DynamoDBDocumentClient.from(localDynamoClient(options.endpoint, options.region));
  const proxy = await PartitionProxy.start({ upstream: options.endpoint, scale: options.scale });
  const viaModel = localDynamoClient(proxy.endpoint, options.region);
  try {
    await applyReset(direct, { table: options.table, deletes: [], puts: workload.items(electionId) });
    const store = new DynamoElectionStore({
      tableName: options.table,
      client: DynamoDBDocumentClient.from(viaModel),
      tallyShards: workload.shards,
    });
    progress.step(
      `${workload.phase} under the partition model (x${options.scale}), ${workload.layout}`,
      options.seconds,
    );
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    let votes = 0;
    /** Votes begun, so the slots name the candidates in turn. */
    let begun = 0;
    let redelivered = 0;
    const untilDone = async <T>(attempt: () => Promise<T>): Promise<T> => {
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
        const candidateId = workload.candidates[begun++ % workload.candidates.length] as string;
        const at = new Date().toISOString();
        if (workload.readsCatalog) {
          const vote = { electionId, candidateId };
          const catalog = await untilDone(() => store.loadCatalog([vote]));
          if (!catalog.hasCandidate(vote)) throw new Error(`the catalog of ${electionId} lacks ${candidateId}`);
        }
        await untilDone(() => store.save({ voteId, ballotId: `b-${voteId}`, electionId, candidateId, castAt: at }));
        await untilDone(() => store.count({ voteId, electionId, candidateId, countedAt: at }));
        votes++;
      }
    };
    try {
      await Promise.all(Array.from({ length: options.concurrency }, slot));
    } finally {
      clearInterval(ticker);
    }
    const seconds = (performance.now() - started) / 1000;
    const stats = proxy.stats();
    return {
      layout: workload.layout,
      shards: workload.shards,
      votes,
      seconds,
      votesPerSecond: votes / seconds,
      redelivered,
      tallied: await talliedVotes(direct, options.table, electionId, workload.shards),
      itemReadsPerVote: votes ? stats.admitted.read / votes : 0,
      throttledWriteUnits: stats.throttled.write,
      throttledReadUnits: stats.throttled.read,
      throttledRequests: stats.throttledRequests,
      splits: stats.splits,
      transactionConflicts: stats.conflicts.transactionsCancelled,
      hottest: stats.hottest.slice(0, 3).map(({ partitionKey, throttledWrites, throttledReads, partitions }) => ({
        partitionKey,
        throttledWrites,
        throttledReads,
        partitions,
      })),
    };
  } finally {
    viaModel.destroy();
    direct.destroy();
    await proxy.stop();
  }
}

/** Every candidate's tally in the election: its shards summed, read straight from DynamoDB Local. */
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
  let total = 0;
  for (const { voteCount } of sumTallyShards(pages.flatMap((page) => page.Items ?? [])).values()) total += voteCount;
  return total;
}
