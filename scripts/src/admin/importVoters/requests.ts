/**
 * The DynamoDB request an import sends: one transaction for up to 50 voters, each a conditional
 * put of the profile (only if the voter is absent) and of its ISSUED ballot. All of it commits
 * or none; built apart from sending, so it is unit-tested without a database.
 */
import { createHash } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { importedVoterItems, type RollVoter } from '@evote/voters';
import { cancellationReasons } from '@evote/shared';

/** TransactWriteItems takes at most 100 actions: two per voter. */
export const MAX_TRANSACTION_VOTERS = 50;

/** A voter to enrol and the ballot id drawn for them. */
export interface Enrolment {
  readonly voter: RollVoter;
  readonly ballotId: string;
}

/**
 * Profile and ballot of each voter, in that order (the profile of voter j is action 2j). The
 * profile's condition makes importing again write nothing and never issue a second ballot; the
 * ballot's says what the write means (its id is fresh). A failed profile condition returns the
 * stored profile (ALL_OLD), so the import can report a voter whose name or e-mail differs. The
 * request token, fixed by the transaction's content, makes the SDK's own retry of a transaction
 * that did commit succeed again instead of failing on its own writes.
 */
export function importVotersRequest(tableName: string, enrolments: readonly Enrolment[]): TransactWriteCommandInput {
  if (enrolments.length === 0 || enrolments.length > MAX_TRANSACTION_VOTERS)
    throw new Error(`a transaction enrols 1 to ${MAX_TRANSACTION_VOTERS} voters, not ${enrolments.length}`);
  const token = createHash('sha256');
  const actions = enrolments.flatMap(({ voter, ballotId }) => {
    token.update(`${voter.voterId}\n${ballotId}\n`);
    const { profile, ballot } = importedVoterItems(voter, ballotId);
    return [
      {
        Put: {
          TableName: tableName,
          Item: profile,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      { Put: { TableName: tableName, Item: ballot, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
  });
  return { ClientRequestToken: token.digest('hex').slice(0, 36), TransactItems: actions };
}

/** What a cancelled import transaction says. */
export type Cancellation =
  /** These voters (by position in the transaction) are in the table already: their stored profiles. */
  | { readonly kind: 'present'; readonly present: ReadonlyMap<number, Record<string, unknown> | undefined> }
  /** A concurrent transaction touched the same items: try again. */
  | { readonly kind: 'conflict' }
  /**
   * A partition was over its throughput: AWS cancels the whole transaction with `ThrottlingError`
   * (or `ProvisionedThroughputExceeded`), writing nothing, and the SDK does not retry a
   * cancellation. Try again after a longer pause: a large roll into a new on-demand table meets
   * this.
   */
  | { readonly kind: 'throttled' }
  | { readonly kind: 'other'; readonly reasons: string };

/**
 * Reads a TransactionCanceledException of `importVotersRequest`; undefined for any other error.
 * The document client leaves the returned items marshalled ({S: ...}); plain values pass too.
 */
export function readCancellation(error: unknown): Cancellation | undefined {
  const codes = cancellationReasons(error);
  if (codes === undefined) return undefined;
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, unknown> }[] }).CancellationReasons ?? [];
  if (codes.includes('ThrottlingError') || codes.includes('ProvisionedThroughputExceeded'))
    return { kind: 'throttled' };
  if (codes.includes('TransactionConflict')) return { kind: 'conflict' };
  const present = new Map<number, Record<string, unknown> | undefined>();
  const unexpected = new Set<string>();
  codes.forEach((code, action) => {
    if (code === 'None') return;
    if (code === 'ConditionalCheckFailed' && action % 2 === 0) present.set(action / 2, plain(reasons[action]?.Item));
    else unexpected.add(`${code} on action ${action}`);
  });
  if (unexpected.size > 0 || present.size === 0)
    return { kind: 'other', reasons: [...unexpected].join(', ') || String((error as Error).message) };
  return { kind: 'present', present };
}

function plain(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (item === undefined || Object.keys(item).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      typeof value === 'object' && value !== null && 'S' in value ? (value as { S: unknown }).S : value,
    ]),
  );
}
