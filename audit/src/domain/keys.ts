/**
 * Every key of the audit table, defined once. Single-table design:
 *
 * | item         | pk                | sk                 | gsi1pk               | gsi1sk             |
 * | ------------ | ----------------- | ------------------ | -------------------- | ------------------ |
 * | event        | `EVENT#<auditId>` | `EVENT`            | `TYPE#<detail-type>#<shard>` | `<time>#<eventId>` |
 * | entity entry | `ELECTION#<id>#<shard>` or `CANDIDATE#<id>#<shard>` | `<time>#<stage>#<eventId>` | (none: not in GSI1) |  |
 * | stream entry | `BALLOT#<id>` or `VOTER#<id>`       | `REV#<revision, 10 digits>` | (none: not in GSI1) |  |
 *
 * `<auditId>` is the fact's identity (auditId.ts), so two copies of one fact share one event
 * item; `<time>` and `<eventId>` are those of the copy the log keeps (the first written).
 * `<TYPE>` is BALLOT, VOTER, ELECTION or CANDIDATE. Event times are ISO-8601 UTC, so sort keys
 * order by time, then by event id. Ballot and voter streams carry gapless revisions instead
 * (see `hasRevisions`): their entries are keyed by revision, so they read in append order.
 *
 * `<shard>` is `shardOf(auditId)`, 0 to ENTITY_SHARDS - 1. An election's and a candidate's
 * stream, and the events of one type, take every vote of an election (or of the system), and
 * their sort keys only grow with time, so one partition (about 1,000 write units/s in AWS)
 * would cap them; spread over the shards they take ENTITY_SHARDS times that. Every copy of a
 * fact hashes to the same shard, so its conditional put still finds the entry already there.
 * Readers query every shard and merge by sort key (`streamPartitions`, `byTypePartitions`):
 * the stream still reads as one, in the order one partition gave.
 *
 * Keys are plain strings, so they live in the domain: the read API's page tokens and the tools
 * that read the log name them without knowing how the table is reached.
 */
import { DetailType } from '@evote/shared';
import { auditIdOf, type FactName } from './auditId';
import { EntityType, type EntityRef } from './entities';

/** The `entity` attribute every item records: the one event item of a fact, or an entry pointing to it. */
export const Entity = { Event: 'AuditEvent', Entry: 'AuditEntry' } as const;
export type Entity = (typeof Entity)[keyof typeof Entity];

export interface Key {
  pk: string;
  sk: string;
}

export const EVENT_SORT_KEY = 'EVENT';

/** Name of the GSI that lists events by type over time. */
export const BY_TYPE_INDEX = 'gsi1';

export function eventKey(auditId: string): Key {
  return { pk: `EVENT#${auditId}`, sk: EVENT_SORT_KEY };
}

/** The key of the event item an entry points to: every entry stores its fact's name. */
export function eventKeyOfEntry(entry: FactName): Key {
  return eventKey(auditIdOf(entry));
}

/**
 * How many partitions an election's or a candidate's entries, and the events of one type, are
 * spread over. A reader pays one query per shard and page, so this is as many as the hottest
 * election needs (16 x ~1,000 write units/s), not more.
 */
export const ENTITY_SHARDS = 16;

/**
 * The shard of a fact: FNV-1a (32-bit) of its audit id, modulo `shards`. Deterministic, so
 * every copy of a fact lands on the same shard; cheap and without a crypto import, which the
 * handler's cold start would pay for.
 */
export function shardOf(auditId: string, shards: number = ENTITY_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < auditId.length; index++) {
    hash ^= auditId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The events of one type over time, spread over the shards by fact. */
export function byTypeKey(
  detailType: string,
  kept: { time: string; eventId: string },
  auditId: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: byTypePartition(detailType, shardOf(auditId)), gsi1sk: `${kept.time}#${kept.eventId}` };
}

function byTypePartition(detailType: string, shard: number): string {
  return `TYPE#${detailType}#${shard}`;
}

/** Every `gsi1pk` the events of `detailType` are spread over. */
export function byTypePartitions(detailType: string): string[] {
  return Array.from({ length: ENTITY_SHARDS }, (_, shard) => byTypePartition(detailType, shard));
}

/**
 * The name of an entity's stream: the partition of a ballot's or a voter's stream, and the
 * prefix of the shards of an election's or a candidate's. Page tokens name streams by it.
 */
export function entityPartition(type: EntityType, id: string): string {
  return `${type.toUpperCase()}#${id}`;
}

/** Time-keyed streams (an election's, a candidate's) are spread over shards; streams with revisions are not. */
export function isSharded(type: EntityType): boolean {
  return !hasRevisions(type);
}

function shardPartition(type: EntityType, id: string, shard: number): string {
  return `${entityPartition(type, id)}#${shard}`;
}

/** Every partition a stream's entries are in, to be read and merged by sort key. */
export function streamPartitions(entity: EntityRef): string[] {
  if (!isSharded(entity.type)) return [entityPartition(entity.type, entity.id)];
  return Array.from({ length: ENTITY_SHARDS }, (_, shard) => shardPartition(entity.type, entity.id, shard));
}

/** The stream a partition belongs to: the partition less its shard (ids never contain '#'). */
export function streamNameOf(partition: string): string {
  return partition.split('#').slice(0, 2).join('#');
}

/** The entity a stream name (`ELECTION#e00001`) names, or undefined when it names none. */
export function streamOf(name: string): EntityRef | undefined {
  const [prefix, id, ...rest] = name.split('#');
  const type = Object.values(EntityType).find((candidate) => candidate.toUpperCase() === prefix);
  return type && id && rest.length === 0 ? { type, id } : undefined;
}

/**
 * EventBridge stamps `time` to the second, so one ballot's events often share a second. The
 * event's stage in the flow (Election Opened 0, Ballot Submitted 1, Ballot Verified/Rejected 2,
 * Vote Cast/Rejected 3, Election Closed 4, Election Certified 5) sits between time and id, so an
 * entity's history reads in causal order within a second. An election's or a candidate's entry
 * goes to its fact's shard of the stream; the sort key alone orders the merged stream.
 */
export function entityEntryKey(
  entity: EntityRef,
  fact: { auditId: string; detailType: string },
  kept: { time: string; eventId: string },
): Key {
  return {
    pk: entryPartition(entity, fact.auditId),
    sk: `${kept.time}#${flowStage(fact.detailType)}#${kept.eventId}`,
  };
}

/** The partition that holds a fact's entry in an entity's stream: the stream's, or the fact's shard of it. */
export function entryPartition(entity: EntityRef, auditId: string): string {
  return isSharded(entity.type)
    ? shardPartition(entity.type, entity.id, shardOf(auditId))
    : entityPartition(entity.type, entity.id);
}

const FLOW_STAGES: Readonly<Record<string, number>> = {
  [DetailType.ElectionOpened]: 0,
  [DetailType.BallotSubmitted]: 1,
  [DetailType.BallotVerified]: 2,
  [DetailType.BallotRejected]: 2,
  [DetailType.VoteCast]: 3,
  [DetailType.VoteRejected]: 3,
  [DetailType.ElectionClosed]: 4,
  [DetailType.ElectionCertified]: 5,
};

/** Position of an event type in the ballot flow; unknown types sort last within their second. */
export function flowStage(detailType: string): number {
  return FLOW_STAGES[detailType] ?? 9;
}

/**
 * The streams whose entries carry revisions 1, 2, 3 ... without gaps: a ballot's and a voter's.
 * Each sees a handful of events, so the races between its appends stay few and cheap. An
 * election's or a candidate's stream takes every vote of the election: numbering it would
 * serialise the whole election's audit writes on one counter (see README, "Stream revisions").
 */
export const REVISIONED_STREAMS: readonly EntityType[] = [EntityType.Ballot, EntityType.Voter];

export function hasRevisions(type: EntityType, revisioned: readonly EntityType[] = REVISIONED_STREAMS): boolean {
  return revisioned.includes(type);
}

/** Sort-key prefix of stream entries; zero-padded so string order is revision order. */
export const REVISION_PREFIX = 'REV#';
const REVISION_DIGITS = 10;

export function revisionEntryKey(type: EntityType, id: string, revision: number): Key {
  return { pk: entityPartition(type, id), sk: `${REVISION_PREFIX}${String(revision).padStart(REVISION_DIGITS, '0')}` };
}
