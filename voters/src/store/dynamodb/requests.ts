import type { GetCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ballotKey, voterKey, voterPartition } from '../../domain/keys';
import { BallotState } from '../../domain/model';
import type { BallotSubmission } from '../../domain/model';

/** Consistent read of a voter's profile. */
export function getVoterRequest(tableName: string, voterId: string): GetCommandInput {
  return { TableName: tableName, Key: voterKey(voterId), ConsistentRead: true };
}

/** Consistent read of the ballot issued to a voter. */
export function getBallotRequest(tableName: string, voterId: string, ballotId: string): GetCommandInput {
  return { TableName: tableName, Key: ballotKey(voterId, ballotId), ConsistentRead: true };
}

/**
 * ISSUED -> SUBMITTED as one conditional UpdateItem. The condition also fails on a missing item,
 * so the update can never create a ballot. On failure DynamoDB returns the item as it was
 * (ALL_OLD), which tells a redelivery (submittedBy = this correlationId) from a second submission.
 */
export function submitBallotRequest(tableName: string, submission: BallotSubmission): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: ballotKey(submission.voterId, submission.ballotId),
    UpdateExpression: 'SET ballotState = :submitted, submittedBy = :correlationId, submittedAt = :submittedAt',
    ConditionExpression: 'ballotState = :issued',
    ExpressionAttributeValues: {
      ':issued': BallotState.Issued,
      ':submitted': BallotState.Submitted,
      ':correlationId': submission.correlationId,
      ':submittedAt': submission.submittedAt,
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

/**
 * One page of a voter's partition: the profile and every ballot issued to them, in one Query.
 * Only what the read API shows is projected (not who submitted a ballot, nor when).
 */
export function voterPartitionRequest(
  tableName: string,
  voterId: string,
  startKey?: Record<string, unknown>,
): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': voterPartition(voterId) },
    ProjectionExpression: 'entity, voterId, fullName, ballotId, ballotState',
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}
