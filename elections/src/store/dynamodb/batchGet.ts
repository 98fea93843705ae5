/** BatchGetItem as the elections store sends it: 100 keys a request, unprocessed keys asked again. */
import { BatchGetCommand, type BatchGetCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EvoteError } from '@evote/shared';
import type { ItemKey } from '../../domain/keys';
import { MAX_BATCH_GET_KEYS } from './requests';
import type { RetryPolicy } from './retry';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

/** `keys` cut into batches of at most 100 (MAX_BATCH_GET_KEYS), in order. */
export function batchesOf(keys: readonly ItemKey[]): ItemKey[][] {
  const batches: ItemKey[][] = [];
  for (let start = 0; start < keys.length; start += MAX_BATCH_GET_KEYS)
    batches.push(keys.slice(start, start + MAX_BATCH_GET_KEYS));
  return batches;
}

/**
 * The items one batch of keys finds, built into a request by `request` (consistency, projection);
 * the keys DynamoDB leaves unprocessed are asked again after `retry`'s backoff (`cause` chooses
 * which), until `retry.maxAttempts`, then BATCH_GET_INCOMPLETE.
 */
export async function readBatch(
  client: Sender,
  tableName: string,
  batch: readonly ItemKey[],
  request: (keys: readonly ItemKey[]) => BatchGetCommandInput,
  retry: RetryPolicy,
  cause?: 'conflict' | 'throttled',
): Promise<(ItemKey & Record<string, unknown>)[]> {
  const found: (ItemKey & Record<string, unknown>)[] = [];
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > retry.maxAttempts) {
      throw new EvoteError(
        'BATCH_GET_INCOMPLETE',
        `${pending.length} of ${batch.length} keys still unprocessed after ${retry.maxAttempts} attempts.`,
      );
    }
    if (attempt > 1) await retry.backoff(attempt, cause);
    const output = await client.send(new BatchGetCommand(request(pending)));
    found.push(...((output.Responses?.[tableName] ?? []) as (ItemKey & Record<string, unknown>)[]));
    pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
  }
  return found;
}
