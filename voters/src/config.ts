import { readConfig } from '@evote/shared';

/** The voters service's environment, validated once per process. */
export interface VotersConfig {
  /** The custom bus every service publishes to (`evote-<stage>`). */
  readonly eventBusName: string;
  /** The voters table: voter profiles and the ballots issued to them. */
  readonly votersTable: string;
  /** The `service` field of every log line. */
  readonly serviceName: string;
}

const DEFAULT_SERVICE_NAME = 'evote-voters';

/** Reads and validates the environment; throws ConfigError naming every missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): VotersConfig {
  const vars = readConfig(['EVENT_BUS_NAME', 'VOTERS_TABLE'] as const, env);
  return {
    eventBusName: vars.EVENT_BUS_NAME,
    votersTable: vars.VOTERS_TABLE,
    // Only the log label has a default; table and bus names never do.
    serviceName: env.SERVICE_NAME || DEFAULT_SERVICE_NAME,
  };
}

let cached: VotersConfig | undefined;

/** The process-wide configuration, read on first use (so importing a handler in a test reads nothing). */
export function config(): VotersConfig {
  cached ??= loadConfig();
  return cached;
}
