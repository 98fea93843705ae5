/** The command line of `yarn bench`. */
import { parseArgs } from '../cli/args';
import { DEFAULT_BALLOTS, DEFAULT_CONCURRENCY, DEFAULT_PARTITION_SCALE, type BenchOptions } from './options';

export const USAGE = `usage: yarn bench [--ballots N (${DEFAULT_BALLOTS})] [--concurrency N (${DEFAULT_CONCURRENCY})] [--votes-per-ballot N (2)]
  [--candidates N (4)] [--direct-ballots N (ballots/2)] [--hot-ballots N (ballots/4)] [--warmup N (ballots/10, at most 100)]
  [--cost-ballots N (50)] [--cold-runs N (10)] [--warm-events N (2)] [--workers N] [--seed N]
  [--partition-scale F (${DEFAULT_PARTITION_SCALE})] [--partition-seconds N (15)] [--partition-concurrency N (32)] [--no-package] [--json]`;

const NUMBERS: Record<string, keyof BenchOptions> = {
  ballots: 'ballots',
  concurrency: 'concurrency',
  'votes-per-ballot': 'votesPerBallot',
  candidates: 'candidatesPerElection',
  'direct-ballots': 'directBallots',
  'hot-ballots': 'hotBallots',
  warmup: 'warmupBallots',
  'cost-ballots': 'costBallots',
  'cold-runs': 'coldRuns',
  'warm-events': 'warmEvents',
  workers: 'workers',
  seed: 'seed',
  'partition-seconds': 'partitionSeconds',
  'partition-concurrency': 'partitionConcurrency',
};

/** The options given on the command line; each number must be a whole number (0 allowed for --warmup and --warm-events). */
export function optionsFromArgs(argv: readonly string[]): { options: Partial<BenchOptions>; json: boolean } {
  const args = parseArgs(argv, {
    flags: ['json', 'no-package', 'help'],
    values: [...Object.keys(NUMBERS), 'partition-scale'],
  });
  if (args.flags.help || args.positional.length > 0) throw new Error(USAGE);
  const options: Partial<BenchOptions> = {};
  for (const [flag, key] of Object.entries(NUMBERS)) {
    const text = args.values[flag];
    if (text === undefined) continue;
    const value = Number(text);
    const least = flag === 'warmup' || flag === 'warm-events' ? 0 : 1;
    if (!Number.isInteger(value) || value < least)
      throw new Error(`--${flag} must be a whole number of at least ${least}, got "${text}"`);
    (options as Record<string, number>)[key] = value;
  }
  const scale = args.values['partition-scale'];
  if (scale !== undefined) {
    const value = Number(scale);
    if (!(value > 0 && value <= 1)) throw new Error(`--partition-scale must be a number in (0, 1], got "${scale}"`);
    options.partitionScale = value;
  }
  if (args.flags['no-package']) options.package = false;
  return { options, json: args.flags.json === true };
}
