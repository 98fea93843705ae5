/**
 * POST /events as one decision, without transport or AWS code: who calls, which key, what body,
 * whose ballot, then publish (at most once per key). Every request ends in exactly one outcome;
 * the HTTP adapter maps it to a status.
 *
 * Checks run in this order: the caller (401, or 403 for a token naming no voter), the
 * Idempotency-Key header (400), content type, size, JSON, contract (415/413/400), ownership
 * (403), then the key's history (422 for another body, 409 while the first is still running).
 * Nothing is published and no key is claimed unless every check passed.
 */
import type { Caller, Publisher } from '@evote/shared';
import { fingerprintOf, keyedCorrelationId, readIdempotencyKey } from './idempotency';
import { readBallotRequest, RefusalReason, type RawRequest, type Refusal } from './intake';
import { judgeCaller, judgeOwnership } from './ownership';
import { chooseCorrelationId, submitBallot, submittedBallotOf, type SubmittedBallot } from './submitBallot';
import { submitOnce, type SubmitOnceDeps } from './submitOnce';

/** One request to POST /events, as the handler read it. */
export interface BallotAttempt {
  readonly raw: RawRequest;
  /** The caller the authorizer's claims name; undefined when there are none. */
  readonly caller: Caller | undefined;
  /** The Idempotency-Key header, if sent. */
  readonly idempotencyKey: string | undefined;
  /** The gateway's request id (the correlation id of an unkeyed submission, when it fits). */
  readonly requestId: string | undefined;
}

export interface AcceptBallotDeps extends SubmitOnceDeps {
  readonly publisher: Publisher;
}

export type Outcome =
  | { readonly kind: 'refused'; readonly refusal: Refusal; readonly correlationId: string }
  | {
      readonly kind: 'accepted';
      readonly submitted: SubmittedBallot;
      /** The answer of an earlier request with the same key and body; nothing was published now. */
      readonly replayed: boolean;
      /** Published, but the key's answer could not be recorded (worth a log line, not a failure). */
      readonly recordFailure?: unknown;
    }
  /** Our fault (the bus, the key store, configuration): the client may retry. */
  | { readonly kind: 'failed'; readonly error: unknown; readonly correlationId: string };

export async function acceptBallot(attempt: BallotAttempt, deps: AcceptBallotDeps): Promise<Outcome> {
  let correlationId = chooseCorrelationId(attempt.requestId, deps.newId);
  const refused = (refusal: Refusal): Outcome => ({ kind: 'refused', refusal, correlationId });

  const caller = judgeCaller(attempt.caller);
  if (!caller.allowed) return refused(caller);
  const key = readIdempotencyKey(attempt.idempotencyKey);
  if (!key.ok) return refused(key);
  const intake = readBallotRequest(attempt.raw);
  if (!intake.accepted) return refused(intake);
  const { request } = intake;
  const ownership = judgeOwnership(attempt.caller, request.detail.voterId);
  if (!ownership.allowed) return refused(ownership);

  try {
    if (key.key === undefined) {
      return {
        kind: 'accepted',
        submitted: await submitBallot(request, correlationId, deps.now(), deps.publisher),
        replayed: false,
      };
    }
    correlationId = keyedCorrelationId(ownership.voterId, key.key);
    const keyed = { voterId: ownership.voterId, key: key.key, fingerprint: fingerprintOf(attempt.raw.body) };
    const publish = async () => {
      const { eventId, detail } = await submitBallot(request, correlationId, deps.now(), deps.publisher);
      return { eventId, correlationId, acceptedAt: detail.acceptedAt };
    };
    const outcome = await submitOnce(keyed, publish, deps);
    if (outcome.kind === 'mismatch') {
      return refused({
        reason: RefusalReason.IdempotencyKeyReused,
        message: 'this Idempotency-Key was already used with a different body; use a new key for a new request',
        errors: [],
      });
    }
    if (outcome.kind === 'in-progress') {
      return refused({
        reason: RefusalReason.IdempotencyKeyInProgress,
        message: 'a request with this Idempotency-Key is still being processed; retry in a moment',
        errors: [],
      });
    }
    const { eventId, acceptedAt } = outcome.answer;
    const submitted = submittedBallotOf(request, eventId, outcome.answer.correlationId, new Date(acceptedAt));
    return {
      kind: 'accepted',
      submitted,
      replayed: outcome.replayed,
      ...(outcome.recordFailure === undefined ? {} : { recordFailure: outcome.recordFailure }),
    };
  } catch (error) {
    return { kind: 'failed', error, correlationId };
  }
}
