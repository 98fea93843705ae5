/**
 * How large the test populations are, one knob for the whole tree: EVOTE_TEST_POPULATION.
 *
 * - `full` (the default: `yarn test`, `yarn test:full`): every suite at its full size.
 * - `ci` (`bash .ci/run`): the suites that grew (chaos, crash) run a smaller population so CI
 *   stays near its time budget on 2 cores. Every scenario still runs and asserts everything it
 *   asserts at full size; only the number of ballots or requests it does it with is smaller.
 */
export type TestPopulation = 'ci' | 'full';

export const TEST_POPULATIONS: readonly TestPopulation[] = ['ci', 'full'];

/** Reads EVOTE_TEST_POPULATION; unset or empty is `full`; anything else is an error that names the choices. */
export function testPopulation(env: NodeJS.ProcessEnv = process.env): TestPopulation {
  const value = env.EVOTE_TEST_POPULATION;
  if (value === undefined || value === '') return 'full';
  if ((TEST_POPULATIONS as readonly string[]).includes(value)) return value as TestPopulation;
  throw new Error(
    `EVOTE_TEST_POPULATION must be ${TEST_POPULATIONS.map((name) => `"${name}"`).join(' or ')}, not ${JSON.stringify(value)}`,
  );
}

/** A suite's size at each population, e.g. `{ full: 2_000, ci: 500 }`. */
export interface PopulationSizes {
  full: number;
  ci: number;
}

/** The size for the population EVOTE_TEST_POPULATION names. */
export function sizeFor(sizes: PopulationSizes, population: TestPopulation = testPopulation()): number {
  return sizes[population];
}

/**
 * A size an environment variable may set outright (e.g. EVOTE_CHAOS_BALLOTS), else `sizes` at
 * the current population. A value that is not a whole number of at least 1 is an error.
 */
export function sizeFromEnv(name: string, sizes: PopulationSizes, env: NodeJS.ProcessEnv = process.env): number {
  const value = env[name];
  if (value === undefined || value === '') return sizeFor(sizes, testPopulation(env));
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
  return size;
}
