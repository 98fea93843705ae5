/** Recording an event in the audit log, independent of where the log is stored. */
import type { AuditedEvent } from './auditedEvent';
import { auditIdOf, factNameOf } from './auditId';
import { entitiesNamedBy, type EntityRef } from './entities';

/** What is recorded for one event: the whole envelope once, plus the entities it names. */
export interface AuditRecord {
  /** The fact's identity (see auditId.ts): every copy of one fact has the same. */
  auditId: string;
  event: AuditedEvent;
  entities: EntityRef[];
}

export interface RecordOutcome {
  /** Items written by this delivery. */
  written: number;
  /** Items an earlier delivery (or an earlier copy of the fact) had written. */
  alreadyPresent: number;
  /** The EventBridge id of the copy the log keeps: this event's id, or an earlier copy's. */
  recordedEventId: string;
  /** Stream revisions another append took first, each followed by a fresh read and a retry. */
  revisionRacesLost: number;
  /** Set when the event came from an archive replay (recorded on the fact, not logged as new). */
  replayName?: string;
}

/**
 * The storage port. Appending is idempotent per fact: appending the same event again, or
 * another copy of the same fact, leaves the log as it was (after completing a partial write).
 */
export interface AuditLog {
  append(record: AuditRecord): Promise<RecordOutcome>;
}

export function auditRecordOf(event: AuditedEvent): AuditRecord {
  return { auditId: auditIdOf(factNameOf(event)), event, entities: entitiesNamedBy(event) };
}

/** Records `event`; throws when the log could not be written completely (the event is retried). */
export async function recordEvent(event: AuditedEvent, log: AuditLog): Promise<RecordOutcome & { entities: number }> {
  const record = auditRecordOf(event);
  const outcome = await log.append(record);
  return { ...outcome, entities: record.entities.length };
}
