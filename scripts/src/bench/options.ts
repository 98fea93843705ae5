/** What a run of `yarn bench` does, and the defaults derived from `--ballots`. */

export interface BenchOptions {
  /** Ballots through the pipeline in the main (uniform) run. */
  ballots: number;
  /** Ballots in flight at once, in every phase. */
  concurrency: number;
  votesPerBallot: number;
  candidatesPerElection: number;
  /** Ballots written directly for the ceiling (half before, half after the pipeline). */
  directBallots: number;
  /** Ballots through the pipeline with one hot candidate (and as many again, written directly). */
  hotBallots: number;
  /** Ballots each path processes before anything is measured (JIT of Node and of DynamoDB Local). */
  warmupBallots: number;
  /** Ballots of the counted pass that gives the traffic (and cost) of one ballot. */
  costBallots: number;
  /** Fresh processes per function for the cold start (median reported). */
  coldRuns: number;
  /** Events each fresh process handles after its first, one at a time (warm durations, for the cost). */
  warmEvents: number;
  /** Run `sls package` and probe its bundles; otherwise probe the local stack's bundles. */
  package: boolean;
  /** Most worker threads per function (and direct-writer threads); default: the local stack's. */
  workers?: number;
  /** Seed of the generated data. */
  seed: number;
  /** The hot-candidate phase under the partition model: AWS's limits times this factor. */
  partitionScale: number;
  /** ... each layout (unsharded, sharded) runs this many seconds ... */
  partitionSeconds: number;
  /** ... with this many votes in flight. */
  partitionConcurrency: number;
}

/**
 * x0.005: one partition takes 5 write units a second, so the unsharded layout tops out near 2
 * votes/s and the sharded one (16 partitions) near 27, within what 2 cores can drive; at x0.01
 * the sharded layout would be bounded by the machine, not by the model.
 */
export const DEFAULT_PARTITION_SCALE = 0.005;

/** 600 keeps a default run under 5 minutes on a 2-core machine (2,000 took 446 s there: docs/performance.md). */
export const DEFAULT_BALLOTS = 600;
export const DEFAULT_CONCURRENCY = 16;

/** Options with everything not given derived from `ballots`. */
export function benchOptions(given: Partial<BenchOptions> = {}): BenchOptions {
  const ballots = given.ballots ?? DEFAULT_BALLOTS;
  return {
    ballots,
    concurrency: given.concurrency ?? DEFAULT_CONCURRENCY,
    votesPerBallot: given.votesPerBallot ?? 2,
    candidatesPerElection: given.candidatesPerElection ?? 4,
    directBallots: given.directBallots ?? Math.max(2, Math.ceil(ballots / 2)),
    hotBallots: given.hotBallots ?? Math.max(2, Math.ceil(ballots / 4)),
    warmupBallots: given.warmupBallots ?? Math.min(100, Math.ceil(ballots / 10)),
    costBallots: given.costBallots ?? Math.min(50, ballots),
    coldRuns: given.coldRuns ?? 10,
    warmEvents: given.warmEvents ?? 2,
    package: given.package ?? true,
    ...(given.workers === undefined ? {} : { workers: given.workers }),
    seed: given.seed ?? 7,
    partitionScale: given.partitionScale ?? DEFAULT_PARTITION_SCALE,
    partitionSeconds: given.partitionSeconds ?? 15,
    partitionConcurrency: given.partitionConcurrency ?? 32,
  };
}
