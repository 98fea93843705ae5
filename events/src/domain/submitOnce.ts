/**
 * A keyed submission runs at most once per (voter, Idempotency-Key, body): the first request
 * claims the key with a conditional write and publishes; a concurrent or later retry gets the
 * first answer; a different body gets a mismatch. Storage and publishing are injected.
 */
import {
  judgeKey,
  POLL_INTERVAL_MS,
  WAIT_LIMIT_MS,
  type ClaimResult,
  type IdempotencyStore,
  type KeyClaim,
  type RecordedAnswer,
} from './idempotency';

export interface SubmitOnceDeps {
  readonly idempotency: IdempotencyStore;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** A fresh, unique claim token (only its holder may complete or release a claim). */
  readonly newId: () => string;
}

export type KeyedOutcome =
  | {
      readonly kind: 'answered';
      readonly answer: RecordedAnswer;
      /** True when this request published nothing and gives an earlier request's answer. */
      readonly replayed: boolean;
      /** Set when the answer was published but could not be recorded (a retry re-publishes the same submission). */
      readonly recordFailure?: unknown;
    }
  | { readonly kind: 'mismatch' }
  /** The first request was still running when the wait limit was reached. */
  | { readonly kind: 'in-progress' };

/** Which request the key belongs to; the claim token is drawn here. */
export type KeyedRequest = Omit<KeyClaim, 'claimToken'>;

/**
 * Runs `submit` if and only if this request wins the key, and returns the key's answer.
 * Throws what `submit` throws, after releasing the claim so that a retry can try again.
 *
 * Waiting is bounded: a retry that finds the key in progress reads it every
 * {@link POLL_INTERVAL_MS} for at most {@link WAIT_LIMIT_MS}; a claim released or lapsed
 * (after CLAIM_LEASE_MS) meanwhile is claimed by the waiter itself.
 */
export async function submitOnce(
  request: KeyedRequest,
  submit: () => Promise<RecordedAnswer>,
  deps: SubmitOnceDeps,
): Promise<KeyedOutcome> {
  const claim: KeyClaim = { ...request, claimToken: deps.newId() };
  const deadline = deps.now().getTime() + WAIT_LIMIT_MS;
  const tryClaim = () => deps.idempotency.claim(claim, deps.now());
  let attempt: ClaimResult = await tryClaim();
  for (;;) {
    if (attempt.claimed) return runClaimed(claim, submit, deps);
    const verdict = judgeKey(attempt.holder, claim.fingerprint, deps.now());
    if (verdict.kind === 'replay') return { kind: 'answered', answer: verdict.answer, replayed: true };
    if (verdict.kind === 'mismatch') return { kind: 'mismatch' };
    if (deps.now().getTime() >= deadline) return { kind: 'in-progress' };
    // In progress, or vacant again after a lost race: look again after a pause, and claim the
    // key as soon as nobody holds it.
    await deps.sleep(POLL_INTERVAL_MS);
    const holder = await deps.idempotency.find(claim.voterId, claim.key);
    const vacant = judgeKey(holder, claim.fingerprint, deps.now()).kind === 'vacant';
    attempt = vacant ? await tryClaim() : { claimed: false, holder };
  }
}

async function runClaimed(
  claim: KeyClaim,
  submit: () => Promise<RecordedAnswer>,
  deps: SubmitOnceDeps,
): Promise<KeyedOutcome> {
  let answer: RecordedAnswer;
  try {
    answer = await submit();
  } catch (error) {
    // If the release fails too, the claim lapses after CLAIM_LEASE_MS: the retry waits longer,
    // nothing is lost. The submit error is the one worth reporting.
    await deps.idempotency.release(claim).catch(() => undefined);
    throw error;
  }
  try {
    if (await deps.idempotency.complete(claim, answer, deps.now()))
      return { kind: 'answered', answer, replayed: false };
    const lapsed = new Error('the claim lapsed and was retaken before the answer was recorded');
    return { kind: 'answered', answer, replayed: false, recordFailure: lapsed };
  } catch (recordFailure) {
    // The ballot IS on the bus: the client gets its 202. A retry, once the claim lapses,
    // re-publishes the same submission (same correlation id), which the voters service treats
    // as a redelivery.
    return { kind: 'answered', answer, replayed: false, recordFailure };
  }
}
