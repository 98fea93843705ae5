import { readConfig } from '@evote/shared';

/** The elections service's environment, validated once per process. */
export interface ElectionsConfig {
  /** The custom bus every service publishes to (`evote-<stage>`). */
  readonly eventBusName: string;
  /** The elections table: elections, candidates and their tallies, votes, count markers. */
  readonly electionsTable: string;
  /** The jwt claim that names the voter (with the Cognito pool: `username`, the voter id). */
  readonly voterClaim: string;
  /** The `service` field of every log line. */
  readonly serviceName: string;
}

const DEFAULT_SERVICE_NAME = 'evote-elections';

/**
 * Reads and validates the environment; throws ConfigError naming every missing variable. Every
 * function of the service requires all three, so a half-configured deploy fails on any of them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ElectionsConfig {
  const vars = readConfig(['EVENT_BUS_NAME', 'ELECTIONS_TABLE', 'VOTER_CLAIM'] as const, env);
  return {
    eventBusName: vars.EVENT_BUS_NAME,
    electionsTable: vars.ELECTIONS_TABLE,
    voterClaim: vars.VOTER_CLAIM,
    // Only the log label has a default; table and bus names and the voter claim never do.
    serviceName: env.SERVICE_NAME || DEFAULT_SERVICE_NAME,
  };
}

let cached: ElectionsConfig | undefined;

/** The process-wide configuration, read on first use (so importing a handler in a test reads nothing). */
export function config(): ElectionsConfig {
  cached ??= loadConfig();
  return cached;
}
