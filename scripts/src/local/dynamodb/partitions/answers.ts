/**
 * The errors the partition model answers with, shaped as DynamoDB's JSON protocol shapes them
 * (status 400, `__type` with the service's namespace), so the AWS SDK parses and classifies them
 * as it does AWS's: ProvisionedThroughputExceededException is a throttle the SDK retries with
 * backoff; a TransactionCanceledException carries one CancellationReason per TransactItem.
 */
import type { CapacityKind, Touch } from './requests';

const NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

export interface ErrorAnswer {
  status: 400;
  body: Record<string, unknown>;
}

/** Where a throttled table or index lives, for the ThrottlingReasons' resource ARN. */
export interface ArnContext {
  region: string;
  accountId: string;
}

/** A single-item request (or a whole batch) over a partition's limit. */
export function throughputExceeded(touch: Touch, arn: ArnContext): ErrorAnswer {
  return {
    status: 400,
    body: {
      __type: `${NAMESPACE}#ProvisionedThroughputExceededException`,
      message: `Throughput exceeds the capacity of one partition of ${touch.index ? `index ${touch.index} of ` : ''}table ${touch.table} (the local partition model: EVOTE_LOCAL_PARTITION_LIMITS). The request rate to one partition key value is too high; see docs/partition-model.md.`,
      ThrottlingReasons: [{ reason: throttlingReason(touch.kind, touch.index), resource: resourceArn(touch, arn) }],
    },
  };
}

/** `TableWriteKeyRangeThroughputExceeded` and its kin: resource, operation, limit (AWS's ThrottlingReason format). */
export function throttlingReason(kind: CapacityKind, index?: string): string {
  return `${index ? 'Index' : 'Table'}${kind === 'write' ? 'Write' : 'Read'}KeyRangeThroughputExceeded`;
}

function resourceArn(touch: Touch, arn: ArnContext): string {
  const table = `arn:aws:dynamodb:${arn.region}:${arn.accountId}:table/${touch.table}`;
  return touch.index ? `${table}/index/${touch.index}` : table;
}

export type CancellationCode = 'None' | 'TransactionConflict' | 'ThrottlingError';

const CANCELLATION_MESSAGES: Record<CancellationCode, string | undefined> = {
  None: undefined,
  TransactionConflict: 'Transaction is ongoing for the item',
  // The documented message for an on-demand table (all of ours are PAY_PER_REQUEST).
  ThrottlingError:
    'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
};

/** A cancelled transaction: one reason per item, in TransactItems order. */
export function transactionCanceled(codes: readonly CancellationCode[]): ErrorAnswer {
  return {
    status: 400,
    body: {
      __type: `${NAMESPACE}#TransactionCanceledException`,
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      CancellationReasons: codes.map((code) => {
        const message = CANCELLATION_MESSAGES[code];
        return message ? { Code: code, Message: message } : { Code: code };
      }),
    },
  };
}

/** A single-item write to an item a transaction in flight holds. */
export function transactionConflict(): ErrorAnswer {
  return {
    status: 400,
    body: {
      __type: `${NAMESPACE}#TransactionConflictException`,
      message: 'Transaction is ongoing for the item',
    },
  };
}
