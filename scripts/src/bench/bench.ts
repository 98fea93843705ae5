/**
 * `yarn bench`: throughput and latency of the whole pipeline on the local stack, beside the
 * ceiling of the same DynamoDB writes sent directly; the same with one hot candidate; cold start
 * per function; and the cost per million ballots counted from the run's own traffic.
 *
 * Order of a run (see docs/performance.md):
 * 1. an in-memory local stack whose functions reach DynamoDB through a counting proxy: a short
 *    counted pass gives the traffic of one ballot, while `sls package --stage bench` starts in
 *    the background (counts do not depend on timing) (cost/countedPass.ts);
 * 2. a fresh stack: seeding; packaging is awaited (nothing is timed while it runs); warm-up
 *    (both paths), then direct / pipeline / direct (A-B-A) with uniform votes, then the same with
 *    every vote on one candidate per election; the tallies are checked (throughput/);
 * 3. on the same DynamoDB Local, the hot candidate under the partition model: the elections
 *    store's saves and counts for one candidate, unsharded then sharded, behind a fresh model
 *    each, at the same scaled limits (partitions/hotCandidate.ts); then the hot election: one
 *    election's catalog reads, saves and counts the same way (partitions/hotElection.ts);
 * 4. the cold-start probes, fresh Node processes pointed at that stack (cold/).
 *
 * This file holds the order and the fresh stack's lifecycle; each step lives with its concern.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElectionSeed } from '@evote/elections';
import { packageAll } from '../deploy/package-all';
import { repoRoot } from '../local/paths';
import { startLocalStack } from '../local/stack';
import { coldProbeBallots, probeColdStarts, type ColdStarts } from './cold/probeColdStarts';
import { countTraffic } from './cost/countedPass';
import { costOf, perBallotTraffic } from './cost/traffic';
import { DirectWriters } from './direct/writers';
import { benchOptions, type BenchOptions } from './options';
import { silent, type Progress } from './output/progress';
import { awaitPackaging, type Packaging } from './packaging';
import { hotCandidateUnderModel, type HotCandidateUnderModel } from './partitions/hotCandidate';
import { hotElectionUnderModel, type HotElectionUnderModel } from './partitions/hotElection';
import { machine, type BenchResult } from './result';
import { busContextOf, documentClientFor, tablesOf } from './stack';
import { findDynamoDbLocalPid } from './throughput/resources';
import { phaseBallots, runPhases, tallyTotal, throughputOf, type Throughput } from './throughput/throughput';
import { verdicts } from './verdicts';
import { seedWorkload, WorkloadGenerator } from './workload/workload';

export async function runBenchmark(
  given: Partial<BenchOptions> = {},
  progress: Progress = silent,
): Promise<BenchResult> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = benchOptions(given);
  const root = repoRoot();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg();
  const workDir = path.join(root, '.evote', 'tmp', `bench-${randomUUID()}`);
  fs.mkdirSync(workDir, { recursive: true });
  const generator = new WorkloadGenerator(options.seed);
  const elections = generator.elections(options.votesPerBallot, options.candidatesPerElection);
  const packaging: Packaging = { start: () => (options.package ? packageAll({ root, stage: 'bench' }) : undefined) };
  try {
    const counted = await countTraffic(options, generator, elections, packaging, progress);
    const measured = await measureOnFreshStack(options, generator, elections, workDir, packaging, progress);
    const warmMs = new Map(
      measured.cold.functions.filter((fn) => Number.isFinite(fn.medianMs.warm)).map((fn) => [fn.key, fn.medianMs.warm]),
    );
    const perBallot = perBallotTraffic(options.costBallots, counted, warmMs);
    const result: Omit<BenchResult, 'targets'> = {
      startedAt,
      totalSeconds: (performance.now() - started) / 1000,
      machine: machine(loadAtStart),
      options,
      throughput: measured.throughput,
      partitionModel: measured.partitions,
      hotElection: measured.hotElection,
      coldStart: { bundles: options.package ? 'sls package' : 'local build', ...measured.cold },
      traffic: {
        ballots: options.costBallots,
        concurrency: options.concurrency,
        perBallot,
        dynamo: counted.dynamo,
        retriedDeliveries: counted.retried,
        errorLines: counted.errorLines,
      },
      cost: costOf(perBallot),
    };
    progress.done();
    return { ...result, targets: verdicts(result) };
  } finally {
    await packaging.running?.catch(() => undefined); // never leave `sls package` writing behind us
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The fresh stack: throughput (uniform, then hot), the tallies, the hot candidate and the hot election under the partition model, then the cold-start probes. */
async function measureOnFreshStack(
  options: BenchOptions,
  generator: WorkloadGenerator,
  elections: ElectionSeed[],
  workDir: string,
  packaging: Packaging,
  progress: Progress,
): Promise<{
  throughput: Throughput;
  partitions: HotCandidateUnderModel;
  hotElection: HotElectionUnderModel;
  cold: ColdStarts;
}> {
  const ballots = phaseBallots(options, generator, elections);
  progress.step('starting the local stack');
  const stack = await startLocalStack({
    inMemory: true,
    ports: { http: 0, eventBridge: 0, dynamodb: 0 },
    throttle: 'off',
    ...(options.workers ? { workersPerFunction: options.workers } : {}),
  });
  const { client, db } = documentClientFor(stack);
  let writers: DirectWriters | undefined;
  try {
    const tables = tablesOf(stack);
    const measuredBallots = Object.values(ballots).flat();
    const probeBallots = generator.ballots(coldProbeBallots(stack.functions.size, options), elections, 'uniform');
    progress.step('seeding', measuredBallots.length + probeBallots.length);
    await seedWorkload(db, tables, elections, [...measuredBallots, ...probeBallots]);
    progress.advance(measuredBallots.length + probeBallots.length);
    writers = await DirectWriters.start({
      threads: options.workers ?? Math.min(4, os.availableParallelism()),
      buildDir: workDir,
      data: {
        endpoint: stack.urls.dynamodb,
        region: stack.model.region,
        tables,
        bus: busContextOf(stack),
        maxSockets: Math.max(50, options.concurrency * 32),
      },
    });
    await awaitPackaging(packaging, progress);
    const runs = await runPhases(
      { stack, writers, javaPid: findDynamoDbLocalPid(Number(new URL(stack.urls.dynamodb).port)) },
      ballots,
      options.concurrency,
      progress,
    );
    await stack.bus.idle();
    await writers.stop();
    writers = undefined;
    const throughput = throughputOf(
      runs,
      ballots,
      options.concurrency,
      options.votesPerBallot,
      await tallyTotal(db, tables.elections, elections),
    );
    const underModel = {
      endpoint: stack.urls.dynamodb,
      region: stack.model.region,
      table: tables.elections,
      scale: options.partitionScale,
      seconds: options.partitionSeconds,
      concurrency: options.partitionConcurrency,
    };
    const partitions = await hotCandidateUnderModel(underModel, progress);
    const hotElection = await hotElectionUnderModel(underModel, progress);
    const cold = await probeColdStarts(options, stack, elections, ballots.pipeline, probeBallots, workDir, progress);
    return { throughput, partitions, hotElection, cold };
  } finally {
    await writers?.stop();
    client.destroy();
    await stack.stop();
  }
}
