import { CLAIM_LEASE_MS, KEY_RETENTION_SECONDS } from '../../domain/idempotency';
import { toKeyRecord } from './items';
import { claimRequest, completeRequest, findRequest, releaseRequest } from './requests';

const table = 'evote-test-idempotency';
const now = new Date('2026-11-03T10:00:00.500Z');
const claim = { voterId: 'v00001', key: 'key-1', fingerprint: 'fp-1', claimToken: 'token-1' };
const pk = 'VOTER#v00001#KEY#key-1';

describe('idempotency table requests', () => {
  it('claims with one conditional put that only a vacant key lets through', () => {
    const request = claimRequest(table, claim, now);
    expect(request.Item).toEqual({
      pk,
      entity: 'IdempotencyKey',
      keyState: 'IN_PROGRESS',
      fingerprint: 'fp-1',
      claimToken: 'token-1',
      leaseExpiresAt: now.getTime() + CLAIM_LEASE_MS,
      expiresAt: Math.floor(now.getTime() / 1000) + KEY_RETENTION_SECONDS,
    });
    expect(request.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR expiresAt <= :nowSeconds OR (keyState = :inProgress AND fingerprint = :fingerprint AND leaseExpiresAt <= :nowMs)',
    );
    // Seconds are floored as the TTL attribute is: an item expiring this very second is gone.
    expect(request.ExpressionAttributeValues).toEqual({
      ':nowSeconds': 1793700000,
      ':nowMs': now.getTime(),
      ':inProgress': 'IN_PROGRESS',
      ':fingerprint': 'fp-1',
    });
    expect(toKeyRecord(request.Item ?? {})).toEqual({
      state: 'IN_PROGRESS',
      fingerprint: 'fp-1',
      leaseExpiresAt: now.getTime() + CLAIM_LEASE_MS,
      expiresAt: 1793700000 + KEY_RETENTION_SECONDS,
    });
  });

  it('reads the key strongly consistent', () => {
    expect(findRequest(table, 'v00001', 'key-1')).toEqual({ TableName: table, Key: { pk }, ConsistentRead: true });
  });

  it('records the answer only on its own claim in progress, and keeps it 24 hours from then', () => {
    const request = completeRequest(
      table,
      claim,
      { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      now,
    );
    expect(request).toMatchObject({
      TableName: table,
      Key: { pk },
      ConditionExpression: 'claimToken = :claimToken AND keyState = :inProgress',
    });
    expect(request.UpdateExpression).toBe(
      'SET keyState = :completed, eventId = :eventId, correlationId = :correlationId, acceptedAt = :acceptedAt, expiresAt = :expiresAt REMOVE leaseExpiresAt',
    );
    expect(request.ExpressionAttributeValues).toEqual({
      ':completed': 'COMPLETED',
      ':eventId': 'event-1',
      ':correlationId': 'corr-1',
      ':acceptedAt': '2026-11-03T14:00:00.000Z',
      ':expiresAt': 1793700000 + KEY_RETENTION_SECONDS,
      ':claimToken': 'token-1',
      ':inProgress': 'IN_PROGRESS',
    });
  });

  it('releases only its own claim in progress, never an answer', () => {
    expect(releaseRequest(table, claim)).toEqual({
      TableName: table,
      Key: { pk },
      ConditionExpression: 'claimToken = :claimToken AND keyState = :inProgress',
      ExpressionAttributeValues: { ':claimToken': 'token-1', ':inProgress': 'IN_PROGRESS' },
    });
  });
});

describe('toKeyRecord', () => {
  it('reads an answered key', () => {
    const item = {
      pk,
      entity: 'IdempotencyKey',
      keyState: 'COMPLETED',
      fingerprint: 'fp-1',
      claimToken: 't',
      eventId: 'event-1',
      correlationId: 'corr-1',
      acceptedAt: '2026-11-03T14:00:00.000Z',
      expiresAt: 5,
    };
    expect(toKeyRecord(item)).toEqual({
      state: 'COMPLETED',
      fingerprint: 'fp-1',
      answer: { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      expiresAt: 5,
    });
  });

  it('refuses an item it did not write', () => {
    expect(() => toKeyRecord({ pk, keyState: 'DONE', fingerprint: 'fp', expiresAt: 5 })).toThrow(/unknown keyState/);
    expect(() => toKeyRecord({ pk, keyState: 'COMPLETED', fingerprint: 'fp', expiresAt: 5 })).toThrow(
      /lacks a string eventId/,
    );
  });
});
