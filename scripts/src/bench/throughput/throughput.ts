/**
 * The throughput run on the fresh stack: the ballot sets of every phase, the phases in their
 * order (warm-up of both paths, then direct / pipeline / direct, A-B-A, with uniform votes, then
 * the same with one hot candidate per election), and the comparisons and tally check made of them.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allShards, tallyKey, type ElectionSeed } from '@evote/elections';
import type { BenchOptions } from '../options';
import type { Progress } from '../output/progress';
import type { BenchBallot, VoteSpread, WorkloadGenerator } from '../workload/workload';
import { combine, runDirect, runPipeline, type Measured, type PhaseContext, type PhaseResult } from './phases';

export interface Comparison {
  pipeline: PhaseResult;
  direct: PhaseResult;
  /** Pipeline ballots/s divided by direct ballots/s: the headline figure. */
  ratio: number;
}

export interface Throughput {
  uniform: Comparison;
  hot: Comparison;
  tallies: { expected: number; counted: number };
}

/** The ballots of every phase, each set generated once, in this order, from the run's seed. */
export interface PhaseBallots {
  warmPipeline: BenchBallot[];
  warmDirect: BenchBallot[];
  direct1: BenchBallot[];
  pipeline: BenchBallot[];
  direct2: BenchBallot[];
  hotDirect1: BenchBallot[];
  hotPipeline: BenchBallot[];
  hotDirect2: BenchBallot[];
}

export function phaseBallots(
  options: BenchOptions,
  generator: WorkloadGenerator,
  elections: readonly ElectionSeed[],
): PhaseBallots {
  const sets = (count: number, spread: VoteSpread) => generator.ballots(count, elections, spread);
  const half = Math.ceil(options.directBallots / 2);
  const hotHalf = Math.ceil(options.hotBallots / 2);
  return {
    warmPipeline: sets(options.warmupBallots, 'uniform'),
    warmDirect: sets(options.warmupBallots, 'uniform'),
    direct1: sets(half, 'uniform'),
    pipeline: sets(options.ballots, 'uniform'),
    direct2: sets(options.directBallots - half, 'uniform'),
    hotDirect1: sets(hotHalf, 'hot'),
    hotPipeline: sets(options.hotBallots, 'hot'),
    hotDirect2: sets(options.hotBallots - hotHalf, 'hot'),
  };
}

/** The measured parts of the uniform and the hot comparison (the warm-ups are not kept). */
export interface PhaseRuns {
  uniformPipeline: Measured;
  uniformDirect: [Measured, Measured];
  hotPipeline: Measured;
  hotDirect: [Measured, Measured];
}

/** Runs every phase in order, at the options' concurrency, each as a step of the progress. */
export async function runPhases(
  ctx: PhaseContext,
  ballots: PhaseBallots,
  concurrency: number,
  progress: Progress,
): Promise<PhaseRuns> {
  const phase = async <T>(name: string, total: number, run: (withProgress: PhaseContext) => Promise<T>): Promise<T> => {
    progress.step(name, total);
    return run({ ...ctx, onProgress: (done) => progress.advance(done) });
  };
  await phase('warm-up: pipeline', ballots.warmPipeline.length, (c) =>
    runPipeline(c, ballots.warmPipeline, concurrency),
  );
  await phase('warm-up: direct', ballots.warmDirect.length, (c) => runDirect(c, ballots.warmDirect, concurrency));
  const uniformDirectBefore = await phase('uniform: direct (1/2)', ballots.direct1.length, (c) =>
    runDirect(c, ballots.direct1, concurrency),
  );
  const uniformPipeline = await phase('uniform: pipeline', ballots.pipeline.length, (c) =>
    runPipeline(c, ballots.pipeline, concurrency),
  );
  const uniformDirectAfter = await phase('uniform: direct (2/2)', ballots.direct2.length, (c) =>
    runDirect(c, ballots.direct2, concurrency),
  );
  const hotDirectBefore = await phase('hot: direct (1/2)', ballots.hotDirect1.length, (c) =>
    runDirect(c, ballots.hotDirect1, concurrency),
  );
  const hotPipeline = await phase('hot: pipeline', ballots.hotPipeline.length, (c) =>
    runPipeline(c, ballots.hotPipeline, concurrency),
  );
  const hotDirectAfter = await phase('hot: direct (2/2)', ballots.hotDirect2.length, (c) =>
    runDirect(c, ballots.hotDirect2, concurrency),
  );
  return {
    uniformPipeline,
    uniformDirect: [uniformDirectBefore, uniformDirectAfter],
    hotPipeline,
    hotDirect: [hotDirectBefore, hotDirectAfter],
  };
}

/**
 * The two comparisons, and the votes counted (`tallyTotal`) beside the votes cast: every ballot
 * of every set, warm-ups included, less those a measured phase reported failed.
 */
export function throughputOf(
  runs: PhaseRuns,
  ballots: PhaseBallots,
  concurrency: number,
  votesPerBallot: number,
  counted: number,
): Throughput {
  const measured = [runs.uniformPipeline, ...runs.uniformDirect, runs.hotPipeline, ...runs.hotDirect];
  const processed = Object.values(ballots).flat().length - measured.reduce((sum, part) => sum + part.failed, 0);
  return {
    uniform: comparison(combine([runs.uniformPipeline], concurrency), combine(runs.uniformDirect, concurrency)),
    hot: comparison(combine([runs.hotPipeline], concurrency), combine(runs.hotDirect, concurrency)),
    tallies: { expected: processed * votesPerBallot, counted },
  };
}

function comparison(pipeline: PhaseResult, direct: PhaseResult): Comparison {
  return { pipeline, direct, ratio: pipeline.ballotsPerSecond / direct.ballotsPerSecond };
}

/** Every candidate's voteCount (every tally shard), summed: each processed ballot must have added exactly one per vote. */
export async function tallyTotal(
  db: DynamoDBDocumentClient,
  table: string,
  elections: readonly ElectionSeed[],
): Promise<number> {
  const counts = await Promise.all(
    elections.flatMap((election) =>
      election.candidates.flatMap((candidate) =>
        allShards().map(async (shard) => {
          const { Item } = await db.send(
            new GetCommand({
              TableName: table,
              Key: tallyKey(election.electionId, candidate.candidateId, shard),
              ConsistentRead: true,
            }),
          );
          return Number(Item?.voteCount ?? 0);
        }),
      ),
    ),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}
