/**
 * Recording an election's lifecycle on its DETAIL item: one conditional UpdateItem per change.
 * The conditions are the whole of the idempotency: a change is written only if the item exists,
 * does not hold it yet, and is not past it. A failed condition is therefore "already done" unless
 * the item is missing, which a consistent GetItem of its key tells apart.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '@evote/shared';
import { ElectionNotFoundError } from '../../domain/errors';
import { electionKey } from '../../domain/keys';
import type { LifecycleChange, LifecycleOutcome } from '../../domain/lifecycle';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * - opened: `SET openedAt` unless already opened or already closed (a late or redelivered
 *   Election Opened never reopens);
 * - closed: `SET closedAt` unless already closed;
 * - certified: `SET certification` unless already certified (the first certification stands).
 */
export function lifecycleRequest(tableName: string, change: LifecycleChange): UpdateCommandInput {
  const base = { TableName: tableName, Key: electionKey(change.electionId) };
  switch (change.kind) {
    case 'opened':
      return {
        ...base,
        UpdateExpression: 'SET openedAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(openedAt) AND attribute_not_exists(closedAt)',
        ExpressionAttributeValues: { ':at': change.openedAt },
      };
    case 'closed':
      return {
        ...base,
        UpdateExpression: 'SET closedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
        ExpressionAttributeValues: { ':at': change.closedAt },
      };
    case 'certified':
      return {
        ...base,
        UpdateExpression: 'SET certification = :certification',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(certification)',
        ExpressionAttributeValues: { ':certification': change.certification },
      };
  }
}

/** Writes the change once; 'unchanged' when the item already held it; throws if there is no election. */
export async function recordLifecycle(
  client: Sender,
  tableName: string,
  change: LifecycleChange,
): Promise<LifecycleOutcome> {
  try {
    await client.send(new UpdateCommand(lifecycleRequest(tableName, change)));
    return 'recorded';
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: electionKey(change.electionId),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    if (!Item) throw new ElectionNotFoundError(change.electionId, { cause: error });
    return 'unchanged';
  }
}
