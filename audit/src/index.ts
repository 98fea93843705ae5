/**
 * @evote/audit's front door: what tools outside the service may use. The audit log's keys (to
 * read the table), its item builders (to write fixtures as the service does), the adapter (for
 * benchmarks), and the fold: the log's read model, from which rebuild, verify and the views at
 * an instant recompute state. Anything not exported here is the service's own business.
 */
export type { AuditedEvent } from './domain/auditedEvent';
export { auditIdOf, factNameOf, type FactName } from './domain/auditId';
export { auditRecordOf, type AuditRecord } from './domain/auditLog';
export { entitiesNamedBy, EntityType, type EntityRef } from './domain/entities';
export {
  Entity as AuditEntity,
  BY_TYPE_INDEX,
  ENTITY_SHARDS,
  entityPartition,
  entryPartition,
  eventKey,
  eventKeyOfEntry,
  flowStage,
  hasRevisions,
  REVISIONED_STREAMS,
  streamNameOf,
  streamOf,
  streamPartitions,
  type Key,
} from './domain/keys';
export {
  ballotLabel,
  ballotStateOf,
  baselineOf,
  candidateLabel,
  foldAuditLog,
  forgeryOf,
  initialStateOf,
  talliesOf,
  type AuditFold,
  type BallotVerification,
  type BaselineBallot,
  type CastVote,
  type LoggedFact,
} from './domain/fold';
export { entityEntryItem, eventItem, loggedFactOf, streamEntryItem } from './store/dynamodb/items';
export { AuditWriteError, dynamoAuditLog, type AuditLogOptions } from './store/dynamodb/auditTable';
export { auditStreamDigest, canonicalJson, type AuditDigest } from './domain/digest';
export { readHistoryPage, type HistoryPage } from './store/dynamodb/history';
export { readTypePage, type TypeListing, type TypePage } from './store/dynamodb/byType';
