/**
 * An in-memory IdempotencyStore for unit tests: the claim succeeds exactly when `judgeKey`
 * says vacant, as the DynamoDB condition does (that one is proved against DynamoDB Local in
 * idempotencyTable.int.test.ts). Records every call, and can be told to fail.
 */
import {
  CLAIM_LEASE_MS,
  expiryOf,
  judgeKey,
  type ClaimResult,
  type IdempotencyStore,
  type KeyClaim,
  type KeyRecord,
  type RecordedAnswer,
} from '../src/domain/idempotency';

interface Held {
  record: KeyRecord;
  claimToken: string;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly held = new Map<string, Held>();
  readonly calls: string[] = [];
  /** When set, `complete` throws it. */
  completeFailure: Error | undefined;
  /** When set, `claim` throws it. */
  claimFailure: Error | undefined;

  async claim(claim: KeyClaim, now: Date): Promise<ClaimResult> {
    this.calls.push('claim');
    if (this.claimFailure) throw this.claimFailure;
    const current = this.held.get(idOf(claim.voterId, claim.key));
    if (judgeKey(current?.record, claim.fingerprint, now).kind !== 'vacant')
      return { claimed: false, holder: current?.record };
    const record: KeyRecord = {
      state: 'IN_PROGRESS',
      fingerprint: claim.fingerprint,
      leaseExpiresAt: now.getTime() + CLAIM_LEASE_MS,
      expiresAt: expiryOf(now),
    };
    this.held.set(idOf(claim.voterId, claim.key), { record, claimToken: claim.claimToken });
    return { claimed: true };
  }

  async find(voterId: string, key: string): Promise<KeyRecord | undefined> {
    this.calls.push('find');
    return this.held.get(idOf(voterId, key))?.record;
  }

  async complete(claim: KeyClaim, answer: RecordedAnswer, now: Date): Promise<boolean> {
    this.calls.push('complete');
    if (this.completeFailure) throw this.completeFailure;
    const current = this.held.get(idOf(claim.voterId, claim.key));
    if (current?.claimToken !== claim.claimToken || current.record.state !== 'IN_PROGRESS') return false;
    current.record = { state: 'COMPLETED', fingerprint: claim.fingerprint, answer, expiresAt: expiryOf(now) };
    return true;
  }

  async release(claim: KeyClaim): Promise<void> {
    this.calls.push('release');
    const current = this.held.get(idOf(claim.voterId, claim.key));
    if (current?.claimToken === claim.claimToken && current.record.state === 'IN_PROGRESS')
      this.held.delete(idOf(claim.voterId, claim.key));
  }
}

function idOf(voterId: string, key: string): string {
  return `${voterId}/${key}`;
}
