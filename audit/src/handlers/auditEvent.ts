/**
 * Consumer of every catalog event on the bus: appends it to the audit log. Throws on any
 * failure, so EventBridge/Lambda retry the event and finally dead-letter it; never swallows one.
 */
import { createLogger, documentClient, type Logger } from '@evote/shared';
import { loadConfig } from '../config';
import { parseAuditedEvent } from '../domain/auditedEvent';
import { recordEvent, type AuditLog } from '../domain/auditLog';
import { dynamoAuditLog } from '../store/dynamodb/auditTable';

export interface Dependencies {
  /** Called per event; the default builds the DynamoDB audit log once, on first use. */
  auditLog(): AuditLog;
  logger: Logger;
}

export function createHandler(deps: Dependencies) {
  return async (raw: unknown): Promise<void> => {
    const trace = traceOf(raw);
    const log = deps.logger.child({ correlationId: trace.correlationId });
    try {
      const event = parseAuditedEvent(raw);
      const outcome = await recordEvent(event, deps.auditLog());
      log.info('event audited', { eventId: trace.eventId, detailType: event['detail-type'], ...outcome });
    } catch (error) {
      log.error('event not audited', { ...trace, error });
      throw error;
    }
  };
}

/**
 * The ids to log, read before validation so that a failure line can still be traced. Only
 * short strings are taken: never a payload.
 */
function traceOf(raw: unknown): { eventId?: string; correlationId?: string; detailType?: string } {
  const envelope = asRecord(raw);
  return {
    eventId: shortString(envelope?.id),
    correlationId: shortString(asRecord(envelope?.detail)?.correlationId),
    detailType: shortString(envelope?.['detail-type']),
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 64 ? value : undefined;
}

let auditLog: AuditLog | undefined;

export const handler = createHandler({
  auditLog: () => (auditLog ??= dynamoAuditLog({ tableName: loadConfig().auditTable, client: documentClient() })),
  logger: createLogger({ service: process.env.SERVICE_NAME ?? 'evote-audit' }),
});
