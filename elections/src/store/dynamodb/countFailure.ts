import { CountItem } from './requests';

/** What a cancelled count transaction means. */
export type CountFailure =
  /** The marker exists: this vote was counted before (a redelivery). */
  | 'alreadyCounted'
  /** The candidate does not exist. */
  | 'candidateMissing'
  /** Another transaction touched the same items; worth trying again after a short pause. */
  | 'conflict'
  /**
   * An item was over its partition's throughput: AWS cancels a throttled transaction with
   * `ThrottlingError`, which the SDK does not retry; worth trying again after a longer pause.
   */
  | 'throttled'
  /** Anything else, or not a cancelled transaction at all. */
  | 'other';

/**
 * Reads the per-item cancellation reasons (in TransactItems order, as `cancellationReasons`
 * from @evote/shared returns them). The marker is judged first: a counted vote stays counted
 * whatever happened to its candidate since.
 */
export function classifyCountFailure(reasons: readonly string[] | undefined): CountFailure {
  if (reasons === undefined) return 'other';
  if (reasons[CountItem.Marker] === 'ConditionalCheckFailed') return 'alreadyCounted';
  if (reasons[CountItem.Candidate] === 'ConditionalCheckFailed') return 'candidateMissing';
  if (reasons.includes('ThrottlingError')) return 'throttled';
  if (reasons.includes('TransactionConflict')) return 'conflict';
  return 'other';
}
