/** The audit service's configuration, read from the environment once and validated. */
import { readConfig } from '@evote/shared';

export interface AuditConfig {
  /** The single audit table (`evote-<stage>-audit`). */
  readonly auditTable: string;
  /** The jwt claim that names the voter (with the Cognito pool: `username`, the voter id). */
  readonly voterClaim: string;
  /** The `service` field of every log line. */
  readonly serviceName: string;
}

const DEFAULT_SERVICE_NAME = 'evote-audit';

/** Reads and validates the environment; throws ConfigError naming every missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const vars = readConfig(['AUDIT_TABLE', 'VOTER_CLAIM'] as const, env);
  return {
    auditTable: vars.AUDIT_TABLE,
    voterClaim: vars.VOTER_CLAIM,
    // Only the log label has a default; the table name and the voter claim never do.
    serviceName: env.SERVICE_NAME || DEFAULT_SERVICE_NAME,
  };
}

let cached: AuditConfig | undefined;

/** The process-wide configuration, read on first use (so importing a handler in a test reads nothing). */
export function config(): AuditConfig {
  cached ??= loadConfig();
  return cached;
}
