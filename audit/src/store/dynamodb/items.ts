/**
 * The items one event becomes, and the conditional puts that write them. Building requests is
 * separate from sending them, so the requests are unit-tested without a database.
 */
import type { PutCommandInput, QueryCommandInput, TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../domain/auditLog';
import type { EntityRef } from '../../domain/entities';
import { byTypeKey, entityEntryKey, entityPartition, eventKey, REVISION_PREFIX, revisionEntryKey, type Key } from './keys';

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
    ...byTypeKey(event['detail-type'], event.time, event.id),
    entity: 'AuditEvent',
    eventId: event.id,
    detailType: event['detail-type'],
    source: event.source,
    time: event.time,
    correlationId: event.detail.correlationId,
    event,
  };
}

/**
 * Puts the event item if the fact is not recorded yet. When it is, DynamoDB returns the stored
 * item (ALL_OLD), which says which copy was kept, without a read (and without read permission).
 */
export function eventPutRequest(tableName: string, record: AuditRecord): PutCommandInput {
  return { TableName: tableName, Item: eventItem(record), ConditionExpression: ONLY_IF_NEW, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
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
 * finds the event item from it). It is keyed by the KEPT copy's time and id, so every copy of a
 * fact writes the very same entries. Only deterministic values: no copy-specific attribute.
 */
export function entityEntryItem(record: AuditRecord, entity: EntityRef, kept: RecordedCopy): Record<string, unknown> {
  return entryItem(record, entity, kept, entityEntryKey(entity.type, entity.id, kept.time, kept.eventId, record.event['detail-type']));
}

/**
 * The entry of a stream with revisions, keyed by the revision. It is only ever written in the
 * same transaction as the fact's event item, so its copy is the kept one.
 */
export function streamEntryItem(record: AuditRecord, position: StreamPosition): Record<string, unknown> {
  const { entity, revision } = position;
  const kept = { eventId: record.event.id, time: record.event.time };
  return { ...entryItem(record, entity, kept, revisionEntryKey(entity.type, entity.id, revision)), revision };
}

function entryItem(record: AuditRecord, entity: EntityRef, kept: RecordedCopy, key: Key): Record<string, unknown> {
  const { event } = record;
  const voteId = 'voteId' in event.detail ? event.detail.voteId : undefined;
  return {
    ...key,
    entity: 'AuditEntry',
    entityType: entity.type,
    eventId: kept.eventId,
    detailType: event['detail-type'],
    source: event.source,
    time: kept.time,
    correlationId: event.detail.correlationId,
    ...(voteId === undefined ? {} : { voteId }),
  };
}

/** One put per named entity, each only if that entry is not there yet. */
export function entryPutRequests(tableName: string, record: AuditRecord, kept: RecordedCopy, entities: readonly EntityRef[] = record.entities): PutCommandInput[] {
  return entities.map((entity) => ({ TableName: tableName, Item: entityEntryItem(record, entity, kept), ConditionExpression: ONLY_IF_NEW }));
}

/** The newest entry of a stream with revisions (strongly consistent: a stale answer only costs a retry). */
export function lastRevisionQuery(tableName: string, entity: EntityRef): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
    ExpressionAttributeValues: { ':pk': entityPartition(entity.type, entity.id), ':rev': REVISION_PREFIX },
    ProjectionExpression: 'revision',
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  };
}

/**
 * A new fact and its place in every stream with revisions, all or nothing: the event item only
 * if the fact is new (refused: ALL_OLD names the kept copy), each stream entry only if its
 * revision is still free (refused: another append took it first; read again and retry).
 */
export function appendTransaction(tableName: string, record: AuditRecord, positions: readonly StreamPosition[]): TransactWriteCommandInput {
  return {
    TransactItems: [
      { Put: eventPutRequest(tableName, record) },
      ...positions.map((position) => ({ Put: { TableName: tableName, Item: streamEntryItem(record, position), ConditionExpression: ONLY_IF_NEW } })),
    ],
  };
}
