import { DetailType } from '@evote/shared';
import { audited } from '../../../test/events';
import { auditRecordOf } from '../../domain/auditLog';
import { entryPutRequests, eventPutRequest, streamEntryPutRequest, streamQuery } from './items';
import { eventKeyOfEntry } from '../../domain/keys';

describe('audit items', () => {
  const event = audited(DetailType.BallotVerified);
  const record = auditRecordOf(event);

  it('keeps the whole envelope once, in the event item keyed by the fact, listed by type over time', () => {
    expect(eventPutRequest('evote-test-audit', record)).toEqual({
      TableName: 'evote-test-audit',
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      Item: {
        pk: 'EVENT#Ballot Verified#corr-1',
        sk: 'EVENT',
        gsi1pk: 'TYPE#Ballot Verified#10',
        gsi1sk: `2025-11-04T10:00:00Z#${event.id}`,
        entity: 'AuditEvent',
        eventId: event.id,
        detailType: 'Ballot Verified',
        source: 'evote.voters',
        time: '2025-11-04T10:00:00Z',
        correlationId: 'corr-1',
        event,
      },
    });
  });

  it('writes one small conditional entry per named entity, keyed by the kept copy', () => {
    const kept = { eventId: 'first-copy', time: '2025-11-04T09:59:59Z' };
    const requests = entryPutRequests('evote-test-audit', record, kept);
    expect(requests.map((request) => request.Item?.pk)).toEqual([
      'BALLOT#b00001',
      'VOTER#v00001',
      'ELECTION#e00001#10',
      'CANDIDATE#c00001#10',
      'ELECTION#e00002#10',
      'CANDIDATE#c00002#10',
    ]);
    expect(requests[0]).toEqual({
      TableName: 'evote-test-audit',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: 'BALLOT#b00001',
        sk: '2025-11-04T09:59:59Z#2#first-copy',
        entity: 'AuditEntry',
        entityType: 'Ballot',
        eventId: 'first-copy',
        detailType: 'Ballot Verified',
        source: 'evote.voters',
        time: '2025-11-04T09:59:59Z',
        correlationId: 'corr-1',
      },
    });
    expect(eventKeyOfEntry(requests[0]?.Item as { detailType: string; correlationId: string })).toEqual({
      pk: 'EVENT#Ballot Verified#corr-1',
      sk: 'EVENT',
    });
    for (const { Item: item = {} } of requests) {
      expect(item).not.toHaveProperty('gsi1pk');
      expect(JSON.stringify(item)).not.toMatch(/Ada Lovelace/);
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400);
    }
  });
});

describe('entries of vote events', () => {
  it('carry the vote id, which leads back to the event item', () => {
    const record = auditRecordOf(audited(DetailType.VoteCast));
    const [entry] = entryPutRequests('t', record, { eventId: record.event.id, time: record.event.time });
    expect(entry?.Item?.voteId).toBe('0fc3ff2ef39ceca44fbb8201d6fd06b1');
    const { pk, sk } = eventPutRequest('t', record).Item as { pk: string; sk: string };
    expect(eventKeyOfEntry(entry?.Item as { detailType: string; correlationId: string; voteId: string })).toEqual({
      pk,
      sk,
    });
  });
});

describe('stream entries with revisions', () => {
  const record = auditRecordOf(audited(DetailType.BallotSubmitted));
  const [, voter] = record.entities;
  const kept = { eventId: 'first-copy', time: '2025-11-04T09:59:59Z' };

  it('take a revision only if it is free, keyed by it and carrying it, with the kept copy', () => {
    if (!voter) throw new Error('fixture names no voter');
    expect(streamEntryPutRequest('t', record, { entity: voter, revision: 12 }, kept)).toEqual({
      TableName: 't',
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      Item: {
        pk: 'VOTER#v00001',
        sk: 'REV#0000000012',
        revision: 12,
        entity: 'AuditEntry',
        entityType: 'Voter',
        eventId: 'first-copy',
        detailType: 'Ballot Submitted',
        source: 'evote.events',
        time: '2025-11-04T09:59:59Z',
        correlationId: 'corr-1',
      },
    });
  });

  it('are read back strongly consistent, with what identifies each fact', () => {
    if (!voter) throw new Error('fixture names no voter');
    expect(streamQuery('t', voter)).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
      ExpressionAttributeValues: { ':pk': 'VOTER#v00001', ':rev': 'REV#' },
      ProjectionExpression: '#revision, detailType, correlationId, voteId',
      ConsistentRead: true,
    });
    expect(streamQuery('t', voter, { pk: 'VOTER#v00001', sk: 'REV#0000000001' }).ExclusiveStartKey).toEqual({
      pk: 'VOTER#v00001',
      sk: 'REV#0000000001',
    });
  });

  it('sort by revision as strings, past nine and past ninety-nine', () => {
    if (!voter) throw new Error('fixture names no voter');
    const keys = [100, 9, 10, 1].map((revision) =>
      String(streamEntryPutRequest('t', record, { entity: voter, revision }, kept).Item?.sk),
    );
    expect([...keys].sort()).toEqual([keys[3], keys[1], keys[2], keys[0]]);
  });
});
