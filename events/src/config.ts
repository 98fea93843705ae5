import { readConfig } from '@evote/shared';

/** The events service's environment, validated once per process. */
export interface EventsConfig {
  /** Name of the bus Ballot Submitted is published on (`evote-<stage>`). */
  readonly eventBusName: string;
  /** The table of Idempotency-Keys (`evote-<stage>-idempotency`). */
  readonly idempotencyTable: string;
  /** The claim of the authorizer's claims that names the voter (Cognito: `username`). */
  readonly voterClaim: string;
  /** The `service` field of every log line. */
  readonly serviceName: string;
}

const DEFAULT_SERVICE_NAME = 'evote-events';

/** Reads and validates the environment; throws ConfigError naming every missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  const vars = readConfig(['EVENT_BUS_NAME', 'IDEMPOTENCY_TABLE', 'VOTER_CLAIM'] as const, env);
  return {
    eventBusName: vars.EVENT_BUS_NAME,
    idempotencyTable: vars.IDEMPOTENCY_TABLE,
    // No default: trusting the wrong claim would let a token name any voter it likes.
    voterClaim: vars.VOTER_CLAIM,
    // Only the log label has a default; table and bus names never do.
    serviceName: env.SERVICE_NAME || DEFAULT_SERVICE_NAME,
  };
}

let cached: EventsConfig | undefined;

/** The process-wide configuration, read on first use (so importing a handler in a test reads nothing). */
export function config(): EventsConfig {
  cached ??= loadConfig();
  return cached;
}
