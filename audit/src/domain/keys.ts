/**
 * Every key of the audit table, defined once. Single-table design:
 *
 * | item         | pk                | sk                 | gsi1pk               | gsi1sk             |
 * | ------------ | ----------------- | ------------------ | -------------------- | ------------------ |
 * | event        | `EVENT#<auditId>` | `EVENT`            | `TYPE#<detail-type>` | `<time>#<eventId>` |
 * | entity entry | `ELECTION#<id>` or `CANDIDATE#<id>` | `<time>#<stage>#<eventId>` | (none: not in GSI1) |  |
 * | stream entry | `BALLOT#<id>` or `VOTER#<id>`       | `REV#<revision, 10 digits>` | (none: not in GSI1) |  |
 *
 * `<auditId>` is the fact's identity (auditId.ts), so two copies of one fact share one event
 * item; `<time>` and `<eventId>` are those of the copy the log keeps (the first written).
 * `<TYPE>` is BALLOT, VOTER, ELECTION or CANDIDATE. Event times are ISO-8601 UTC, so sort keys
 * order by time, then by event id. Ballot and voter streams carry gapless revisions instead
 * (see `hasRevisions`): their entries are keyed by revision, so they read in append order.
 * Keys are plain strings, so they live in the domain: the read API's page tokens and the tools
 * that read the log name them without knowing how the table is reached.
 */
import { DetailType } from '@evote/shared';
import { auditIdOf, type FactName } from './auditId';
import { EntityType } from './entities';

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

export function byTypeKey(detailType: string, time: string, eventId: string): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `TYPE#${detailType}`, gsi1sk: `${time}#${eventId}` };
}

export function entityPartition(type: EntityType, id: string): string {
  return `${type.toUpperCase()}#${id}`;
}

/**
 * EventBridge stamps `time` to the second, so one ballot's events often share a second. The
 * event's stage in the flow (Election Opened 0, Ballot Submitted 1, Ballot Verified/Rejected 2,
 * Vote Cast/Rejected 3, Election Closed 4, Election Certified 5) sits between time and id, so an
 * entity's history reads in causal order within a second.
 */
export function entityEntryKey(type: EntityType, id: string, time: string, eventId: string, detailType: string): Key {
  return { pk: entityPartition(type, id), sk: `${time}#${flowStage(detailType)}#${eventId}` };
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
