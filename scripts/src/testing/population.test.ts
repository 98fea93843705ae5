import { sizeFor, sizeFromEnv, testPopulation } from './population';

const sizes = { full: 200, ci: 25 };

describe('EVOTE_TEST_POPULATION', () => {
  it('is full when unset or empty, and ci or full when set to either', () => {
    expect(testPopulation({})).toBe('full');
    expect(testPopulation({ EVOTE_TEST_POPULATION: '' })).toBe('full');
    expect(testPopulation({ EVOTE_TEST_POPULATION: 'ci' })).toBe('ci');
    expect(testPopulation({ EVOTE_TEST_POPULATION: 'full' })).toBe('full');
  });

  it('refuses any other value, naming the choices', () => {
    expect(() => testPopulation({ EVOTE_TEST_POPULATION: 'CI' })).toThrow(
      'EVOTE_TEST_POPULATION must be "ci" or "full", not "CI"',
    );
  });

  it('picks the size of the population', () => {
    expect(sizeFor(sizes, 'ci')).toBe(25);
    expect(sizeFor(sizes, 'full')).toBe(200);
  });
});

describe('a size an environment variable sets outright', () => {
  it('wins over the population; unset, the population decides', () => {
    expect(sizeFromEnv('EVOTE_CHAOS_BALLOTS', sizes, { EVOTE_CHAOS_BALLOTS: '50', EVOTE_TEST_POPULATION: 'ci' })).toBe(
      50,
    );
    expect(sizeFromEnv('EVOTE_CHAOS_BALLOTS', sizes, { EVOTE_TEST_POPULATION: 'ci' })).toBe(25);
    expect(sizeFromEnv('EVOTE_CHAOS_BALLOTS', sizes, {})).toBe(200);
  });

  it('must be a whole number of at least 1', () => {
    for (const bad of ['abc', '0', '-3', '2.5'])
      expect(() => sizeFromEnv('EVOTE_CHAOS_BALLOTS', sizes, { EVOTE_CHAOS_BALLOTS: bad })).toThrow(
        `EVOTE_CHAOS_BALLOTS must be a whole number of at least 1, not "${bad}"`,
      );
  });
});
