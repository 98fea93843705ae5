/** The events the audit log accepts: any catalog event, validated by the shared contracts. */
import { DetailType, parseBusEvent, ValidationError, type BusEvent } from '@evote/shared';

/** A bus event of any catalog type, discriminated by its detail-type. */
export type AuditedEvent = { [D in DetailType]: BusEvent<D> }[DetailType];

const CATALOG: ReadonlySet<string> = new Set(Object.values(DetailType));

/**
 * Validates a raw EventBridge event: its detail-type must be in the catalog and its detail must
 * match that type's contract. Throws ValidationError otherwise (the rule then retries and
 * dead-letters it: an event we cannot read is kept, not dropped).
 */
export function parseAuditedEvent(raw: unknown): AuditedEvent {
  const detailType = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['detail-type'] : undefined;
  if (typeof detailType !== 'string' || !CATALOG.has(detailType)) {
    throw new ValidationError([{ path: '/detail-type', message: 'must be one of the event catalog types' }]);
  }
  return parseBusEvent(detailType as DetailType, raw) as AuditedEvent;
}
