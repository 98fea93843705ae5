/**
 * Consumer of every catalog event on the bus: appends it to the audit log. Throws on any
 * failure, so EventBridge/Lambda retry the event and finally dead-letter it; never swallows one.
 */
import {
  createLogger,
  documentClient,
  eventConsumer,
  lazyHandler,
  MetricName,
  metricsFromEnv,
  type Logger,
  type Metrics,
} from '@evote/shared';
import { config } from '../config';
import { parseAuditedEvent } from '../domain/auditedEvent';
import { recordEvent, type AuditLog } from '../domain/auditLog';
import { dynamoAuditLog } from '../store/dynamodb/auditTable';

export interface AuditEventDeps {
  readonly auditLog: AuditLog;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createAuditEventHandler(deps: AuditEventDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    // The envelope's ids (correlation id, event id, detail-type) are on every line already.
    { parse: parseAuditedEvent, failure: 'event not audited', logger: deps.logger },
    async (event, log) => {
      const outcome = await recordEvent(event, deps.auditLog);
      // A redelivery that found every item in place appended nothing.
      if (outcome.written > 0) deps.metrics.count(MetricName.AuditAppends);
      deps.metrics.count(MetricName.AuditRevisionRacesLost, outcome.revisionRacesLost);
      log.info('event audited', outcome);
    },
  );
}

/** The production wiring: configuration, audit table, logger, metrics. */
export function defaultAuditEventDeps(): AuditEventDeps {
  const { auditTable, serviceName } = config();
  return {
    auditLog: dynamoAuditLog({ tableName: auditTable, client: documentClient() }),
    logger: createLogger({ service: serviceName, function: 'auditEvent' }),
    metrics: metricsFromEnv(serviceName),
  };
}

export const handler = lazyHandler(() => createAuditEventHandler(defaultAuditEventDeps()));
