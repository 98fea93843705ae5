/**
 * The DynamoDB requests of the idempotency table, built apart from sending them so that each
 * can be checked without a database.
 */
import type { DeleteCommandInput, GetCommandInput, PutCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { CLAIM_LEASE_MS, expiryOf, type KeyClaim, type RecordedAnswer } from '../../domain/idempotency';
import { Entity, idempotencyKeyKey, KeyState } from './items';

/**
 * Claims the key as IN_PROGRESS, in one conditional put that succeeds exactly when `judgeKey`
 * would say "vacant": no item, an item past its expiry (TTL deletes late), or a lapsed claim on
 * the same body. Of any number of concurrent claims, one wins.
 */
export function claimRequest(tableName: string, claim: KeyClaim, now: Date): PutCommandInput {
  const nowMs = now.getTime();
  return {
    TableName: tableName,
    Item: {
      ...idempotencyKeyKey(claim.voterId, claim.key),
      entity: Entity.IdempotencyKey,
      keyState: KeyState.InProgress,
      fingerprint: claim.fingerprint,
      claimToken: claim.claimToken,
      leaseExpiresAt: nowMs + CLAIM_LEASE_MS,
      expiresAt: expiryOf(now),
    },
    ConditionExpression:
      'attribute_not_exists(pk) OR expiresAt <= :nowSeconds OR ' +
      '(keyState = :inProgress AND fingerprint = :fingerprint AND leaseExpiresAt <= :nowMs)',
    ExpressionAttributeValues: {
      ':nowSeconds': Math.floor(nowMs / 1000),
      ':nowMs': nowMs,
      ':inProgress': KeyState.InProgress,
      ':fingerprint': claim.fingerprint,
    },
  };
}

/** A strongly consistent read: a waiter must see the first request's answer as soon as it is written. */
export function findRequest(tableName: string, voterId: string, key: string): GetCommandInput {
  return { TableName: tableName, Key: idempotencyKeyKey(voterId, key), ConsistentRead: true };
}

/** Records the answer on our own claim only, and keeps it 24 hours from now. */
export function completeRequest(
  tableName: string,
  claim: KeyClaim,
  answer: RecordedAnswer,
  now: Date,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: idempotencyKeyKey(claim.voterId, claim.key),
    UpdateExpression:
      'SET keyState = :completed, eventId = :eventId, correlationId = :correlationId, acceptedAt = :acceptedAt, expiresAt = :expiresAt REMOVE leaseExpiresAt',
    ConditionExpression: 'claimToken = :claimToken AND keyState = :inProgress',
    ExpressionAttributeValues: {
      ':completed': KeyState.Completed,
      ':eventId': answer.eventId,
      ':correlationId': answer.correlationId,
      ':acceptedAt': answer.acceptedAt,
      ':expiresAt': expiryOf(now),
      ':claimToken': claim.claimToken,
      ':inProgress': KeyState.InProgress,
    },
  };
}

/** Deletes our own claim, still in progress; never an answer, never another request's claim. */
export function releaseRequest(tableName: string, claim: KeyClaim): DeleteCommandInput {
  return {
    TableName: tableName,
    Key: idempotencyKeyKey(claim.voterId, claim.key),
    ConditionExpression: 'claimToken = :claimToken AND keyState = :inProgress',
    ExpressionAttributeValues: { ':claimToken': claim.claimToken, ':inProgress': KeyState.InProgress },
  };
}
