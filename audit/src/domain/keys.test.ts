import { DetailType } from '@evote/shared';
import { auditIdOf } from './auditId';
import { EntityType, type EntityRef } from './entities';
import {
  byTypeKey,
  byTypePartitions,
  ENTITY_SHARDS,
  entityEntryKey,
  entryPartition,
  flowStage,
  shardOf,
  streamNameOf,
  streamOf,
  streamPartitions,
} from './keys';

const ballot: EntityRef = { type: EntityType.Ballot, id: 'b1' };
const election: EntityRef = { type: EntityType.Election, id: 'e00001' };
const candidate: EntityRef = { type: EntityType.Candidate, id: 'c00001' };
const entryKey = (entity: EntityRef, time: string, eventId: string, detailType: string, auditId = `${detailType}#x`) =>
  entityEntryKey(entity, { auditId, detailType }, { time, eventId });

describe('entity entry keys', () => {
  it('order one second of a ballot causally, whatever the event ids', () => {
    const time = '2026-01-01T00:00:00Z';
    const flow = [
      entryKey(ballot, time, 'zzz', DetailType.BallotSubmitted),
      entryKey(ballot, time, 'mmm', DetailType.BallotVerified),
      entryKey(ballot, time, 'aaa', DetailType.VoteCast),
    ];
    expect([...flow].sort((a, b) => a.sk.localeCompare(b.sk))).toEqual(flow);
  });

  it('order by time first', () => {
    const later = entryKey(ballot, '2026-01-01T00:00:01Z', 'a', DetailType.BallotSubmitted);
    const earlier = entryKey(ballot, '2026-01-01T00:00:00Z', 'z', DetailType.VoteRejected);
    expect(earlier.sk < later.sk).toBe(true);
  });

  it('puts unknown types last within their second', () => {
    expect(flowStage('Something Else')).toBeGreaterThan(flowStage(DetailType.VoteCast));
    expect(flowStage(DetailType.BallotRejected)).toBe(flowStage(DetailType.BallotVerified));
  });
});

describe('shards', () => {
  const voteCast = (n: number) =>
    auditIdOf({ detailType: DetailType.VoteCast, correlationId: `corr-${n}`, voteId: `vote-${n}` });
  const time = '2026-01-01T00:00:00Z';

  it('hash with FNV-1a 32-bit (the published test vectors), modulo the shard count', () => {
    expect(shardOf('', 2 ** 31)).toBe(0x811c9dc5 % 2 ** 31);
    expect(shardOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(shardOf('foobar', 2 ** 31)).toBe(0xbf9cf968 % 2 ** 31);
    expect(shardOf('foobar')).toBe(0xbf9cf968 % ENTITY_SHARDS);
  });

  it("spread one election's and one candidate's entries over several partitions, and the events of one type", () => {
    const votes = Array.from({ length: 200 }, (_, n) => voteCast(n));
    const partitions = (entity: EntityRef) =>
      new Set(votes.map((auditId) => entryKey(entity, time, 'evt', DetailType.VoteCast, auditId).pk));
    for (const entity of [election, candidate]) {
      expect(partitions(entity).size).toBe(ENTITY_SHARDS);
      expect([...partitions(entity)].sort()).toEqual([...streamPartitions(entity)].sort());
    }
    const types = new Set(
      votes.map((auditId) => byTypeKey(DetailType.VoteCast, { time, eventId: 'e' }, auditId).gsi1pk),
    );
    expect([...types].sort()).toEqual([...byTypePartitions(DetailType.VoteCast)].sort());
  });

  it('put both copies of one fact on the same shard, whatever their event id and time', () => {
    const auditId = voteCast(7);
    const first = entryKey(election, time, 'first-copy', DetailType.VoteCast, auditId);
    const second = entryKey(election, '2026-01-01T00:00:09Z', 'second-copy', DetailType.VoteCast, auditId);
    expect(second.pk).toBe(first.pk);
    expect(first.pk).toBe(entryPartition(election, auditId));
    expect(byTypeKey(DetailType.VoteCast, { time, eventId: 'a' }, auditId).gsi1pk).toBe(
      byTypeKey(DetailType.VoteCast, { time, eventId: 'b' }, auditId).gsi1pk,
    );
  });

  it('leave ballot and voter streams in one partition, named as before', () => {
    expect(streamPartitions(ballot)).toEqual(['BALLOT#b1']);
    expect(entryPartition({ type: EntityType.Voter, id: 'v1' }, voteCast(1))).toBe('VOTER#v1');
    expect(streamPartitions(election)).toHaveLength(ENTITY_SHARDS);
    expect(streamPartitions(election)[3]).toBe('ELECTION#e00001#3');
  });

  it('name the stream a partition belongs to, and the entity a stream name names', () => {
    expect(streamNameOf('ELECTION#e00001#12')).toBe('ELECTION#e00001');
    expect(streamNameOf('BALLOT#b1')).toBe('BALLOT#b1');
    expect(streamOf('CANDIDATE#c00001')).toEqual(candidate);
    expect(streamOf('BALLOT#b1')).toEqual(ballot);
    for (const bad of ['ELECTION#e00001#3', 'EVENT#x', 'ELECTION#', 'election#e1', 'nothing'])
      expect(streamOf(bad)).toBeUndefined();
  });
});
