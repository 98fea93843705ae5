import { ConfigError } from '../errors';

export interface EntryPointSpec {
  /** The function, as the test names it. */
  readonly name: string;
  /** The exported Lambda handler, wired from the environment on its first call. */
  readonly entryPoint: (event: unknown) => Promise<unknown>;
  /** A valid event for it, so that only the environment can be at fault. */
  readonly event: () => unknown;
  /** The variables to remove, in the order the service reads them. */
  readonly missing: readonly string[];
}

/**
 * Declares the test that an entry point whose environment lacks `missing` fails loudly, with a
 * ConfigError naming them, instead of running on a silent fallback. The environment is restored
 * after each test.
 */
export function describeEntryPoint(spec: EntryPointSpec): void {
  describe(`${spec.name} entry point`, () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('fails loudly, naming the variables, when the environment is incomplete', async () => {
      for (const variable of spec.missing) delete process.env[variable];
      const failure = spec.entryPoint(spec.event());
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toThrow(new RegExp(spec.missing.join('.*')));
    });
  });
}
