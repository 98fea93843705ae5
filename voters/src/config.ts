import { readConfig } from '@evote/shared';

/** The voters service's environment, validated once per process. */
export interface VotersConfig {
  /** The custom bus every service publishes to (`evote-<stage>`). */
  readonly eventBusName: string;
  /** The voters table: voter profiles and the ballots issued to them. */
  readonly votersTable: string;
  /** The jwt claim that names the voter (with the Cognito pool: `username`, the voter id). */
  readonly voterClaim: string;
  /** The `service` field of every log line. */
  readonly serviceName: string;
}

const DEFAULT_SERVICE_NAME = 'evote-voters';

/** Reads and validates the environment; throws ConfigError naming every missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): VotersConfig {
  const vars = readConfig(['EVENT_BUS_NAME', 'VOTERS_TABLE', 'VOTER_CLAIM'] as const, env);
  return {
    eventBusName: vars.EVENT_BUS_NAME,
    votersTable: vars.VOTERS_TABLE,
    voterClaim: vars.VOTER_CLAIM,
    // Only the log label has a default; table and bus names and the voter claim never do.
    serviceName: env.SERVICE_NAME || DEFAULT_SERVICE_NAME,
  };
}

let cached: VotersConfig | undefined;

/** The process-wide configuration, read on first use (so importing a handler in a test reads nothing). */
export function config(): VotersConfig {
  cached ??= loadConfig();
  return cached;
}
