/** The events the audit log accepts: any catalog event, validated by the shared contracts. */
import { DetailType, parseTrustedEvent, ValidationError, type BusEvent } from '@evote/shared';

/** A bus event of any catalog type, discriminated by its detail-type. */
export type AuditedEvent = { [D in DetailType]: BusEvent<D> }[DetailType];

const CATALOG: ReadonlySet<string> = new Set(Object.values(DetailType));

/**
 * Validates a raw EventBridge event: its detail-type must be in the catalog, its source must be
 * the service that emits that type, and its detail must match that type's contract. Throws
 * otherwise (the rule then retries and dead-letters it: an event we cannot read is kept, not
 * dropped). The source check matters here more than anywhere: the audit rule matches every
 * `evote.*` source, so without it a Vote Cast put on the bus as `evote.events` (which the events
 * service's role may do) would be logged as a vote that was never cast.
 */
export function parseAuditedEvent(raw: unknown): AuditedEvent {
  const detailType =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['detail-type'] : undefined;
  if (typeof detailType !== 'string' || !CATALOG.has(detailType)) {
    throw new ValidationError([{ path: '/detail-type', message: 'must be one of the event catalog types' }]);
  }
  return parseTrustedEvent(detailType as DetailType, raw) as AuditedEvent;
}
