/**
 * The items one event becomes, and the conditional puts that write them. Building requests is
 * separate from sending them, so the requests are unit-tested without a database.
 */
import type { PutCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { factNameOf } from '../../domain/auditId';
import type { AuditRecord } from '../../domain/auditLog';
import type { LoggedFact } from '../../domain/fold';
import type { EntityRef } from '../../domain/entities';
import {
  byTypeKey,
  Entity,
  entityEntryKey,
  entityPartition,
  eventKey,
  REVISION_PREFIX,
  revisionEntryKey,
  type Key,
} from '../../domain/keys';

/** The copy of a fact the log keeps: the first one written. */
export interface RecordedCopy {
  eventId: string;
  time: string;
}

const ONLY_IF_NEW = 'attribute_not_exists(pk)';

/** The one item holding the whole envelope (the only copy of the payload). */
export function eventItem(record: AuditRecord): Record<string, unknown> {
  const { event } = record;
  return {
    ...eventKey(record.auditId),
    ...byTypeKey(event['detail-type'], { time: event.time, eventId: event.id }, record.auditId),
    entity: Entity.Event,
    eventId: event.id,
    detailType: event['detail-type'],
    source: event.source,
    time: event.time,
    correlationId: event.detail.correlationId,
    event,
  };
}

/** The fact an event item holds, as the fold reads it. */
export function loggedFactOf(item: Record<string, unknown>): LoggedFact {
  const event = (item.event ?? {}) as { detail?: Record<string, unknown>; source?: unknown };
  return {
    detailType: String(item.detailType),
    source: String(item.source ?? event.source),
    detail: event.detail ?? {},
  };
}

/**
 * Puts the event item if the fact is not recorded yet. When it is, DynamoDB returns the stored
 * item (ALL_OLD), which says which copy was kept, without a read (and without read permission).
 */
export function eventPutRequest(tableName: string, record: AuditRecord): PutCommandInput {
  return {
    TableName: tableName,
    Item: eventItem(record),
    ConditionExpression: ONLY_IF_NEW,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

/**
 * A replay (an archived event sent again, carrying `replay-name`) of a fact the log already
 * holds is not logged as new: the replay's name is added to the fact's `replays` set instead.
 * A set, so recording the same replay twice changes nothing.
 */
export function replayUpdateRequest(tableName: string, record: AuditRecord, replayName: string): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: eventKey(record.auditId),
    UpdateExpression: 'ADD replays :replay',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':replay': new Set([replayName]) },
  };
}

/** The place a new fact takes in a stream with revisions. */
export interface StreamPosition {
  entity: EntityRef;
  revision: number;
}

/**
 * A small pointer from an entity's history to the event item (no payload; `eventKeyOfEntry`
 * finds the event item from it). It is keyed by the KEPT copy's time and id, and goes to the
 * fact's shard of the entity's stream, so every copy of a fact writes the very same entries. Only deterministic values: no copy-specific attribute.
 */
export function entityEntryItem(record: AuditRecord, entity: EntityRef, kept: RecordedCopy): Record<string, unknown> {
  const fact = { auditId: record.auditId, detailType: record.event['detail-type'] };
  return entryItem(record, entity, kept, entityEntryKey(entity, fact, kept));
}

/**
 * The entry of a stream with revisions, keyed by the revision. Like every entry it carries the
 * kept copy's time and event id, so whichever copy of a fact appends it, it reads the same.
 */
export function streamEntryItem(
  record: AuditRecord,
  position: StreamPosition,
  kept: RecordedCopy,
): Record<string, unknown> {
  const { entity, revision } = position;
  return { ...entryItem(record, entity, kept, revisionEntryKey(entity.type, entity.id, revision)), revision };
}

/** Takes `position.revision` in the stream, only if no other append took it first. */
export function streamEntryPutRequest(
  tableName: string,
  record: AuditRecord,
  position: StreamPosition,
  kept: RecordedCopy,
): PutCommandInput {
  return {
    TableName: tableName,
    Item: streamEntryItem(record, position, kept),
    ConditionExpression: ONLY_IF_NEW,
    // A lost race then names the entry that won it: the append tries the next revision without a read.
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

/** Every entry carries its fact's name (detailType, correlationId, voteId of vote events): `eventKeyOfEntry` needs no more. */
function entryItem(record: AuditRecord, entity: EntityRef, kept: RecordedCopy, key: Key): Record<string, unknown> {
  const { event } = record;
  return {
    ...key,
    entity: Entity.Entry,
    entityType: entity.type,
    eventId: kept.eventId,
    source: event.source,
    time: kept.time,
    ...factNameOf(event),
  };
}

/** One put per named entity, each only if that entry is not there yet. */
export function entryPutRequests(
  tableName: string,
  record: AuditRecord,
  kept: RecordedCopy,
  entities: readonly EntityRef[] = record.entities,
): PutCommandInput[] {
  return entities.map((entity) => ({
    TableName: tableName,
    Item: entityEntryItem(record, entity, kept),
    ConditionExpression: ONLY_IF_NEW,
  }));
}

/**
 * A stream's entries, strongly consistent: the revisions taken so far and which facts they hold
 * (a ballot's or a voter's stream is a handful of small items, one read unit). Pages from
 * `startKey` when the stream is longer than one response.
 */
export function streamQuery(tableName: string, entity: EntityRef, startKey?: Key): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
    ExpressionAttributeValues: { ':pk': entityPartition(entity.type, entity.id), ':rev': REVISION_PREFIX },
    ProjectionExpression: '#revision, detailType, correlationId, voteId',
    ExpressionAttributeNames: { '#revision': 'revision' },
    ConsistentRead: true,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}
