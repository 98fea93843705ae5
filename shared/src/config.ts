/** Reading required environment variables once, loudly. */
import { ConfigError } from './errors';

/**
 * Reads the named environment variables.
 *
 * @param names the variables the caller needs; each must be set and not blank.
 * @param env the environment to read (defaults to `process.env`), injectable for tests.
 * @returns a frozen record of the values, keyed by name.
 * @throws ConfigError naming every missing or empty variable at once, so one deploy fixes all.
 */
export function readConfig<K extends string>(
  names: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Readonly<Record<K, string>> {
  const missing = [...new Set(names)].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    const plural = missing.length === 1 ? 'variable' : 'variables';
    throw new ConfigError(`missing environment ${plural}: ${missing.join(', ')}`);
  }
  const entries = names.map((name) => [name, env[name] as string] as const);
  return Object.freeze(Object.fromEntries(entries) as Record<K, string>);
}
