/** The audit service's configuration, read from the environment once and validated. */
import { readConfig } from '@evote/shared';

export interface AuditConfig {
  /** The single audit table (`evote-<stage>-audit`). */
  readonly auditTable: string;
}

let cached: AuditConfig | undefined;

/** Read on first use, not at import, so unit tests need no environment. Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  if (cached === undefined) {
    const values = readConfig(['AUDIT_TABLE'], env);
    cached = Object.freeze({ auditTable: values.AUDIT_TABLE });
  }
  return cached;
}
