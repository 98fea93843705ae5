/**
 * The rules of idempotent submission, without storage: what a valid Idempotency-Key is, what
 * "the same request" means, which correlation id a keyed submission gets, and what a retry
 * finds when the key is already held. The storage (store/dynamodb) only applies them.
 */
import { createHash } from 'node:crypto';
import { IDENTIFIER_PATTERN, IDENTIFIER_RULE } from '@evote/shared';
import { RefusalReason, type Refusal } from './intake';

/** The request header that carries the key (HTTP API lower-cases header names). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** A key, with its answer, is honoured this long after the key's last write (then may be reused). */
export const KEY_RETENTION_SECONDS = 24 * 60 * 60;

/**
 * How long a claim protects a request in progress. Longer than the function's timeout (10 s in
 * serverless.yml), so a live first request is never overtaken; after it, a request that crashed
 * without releasing its claim no longer blocks the retries.
 */
export const CLAIM_LEASE_MS = 15_000;

/**
 * How long a concurrent retry waits for the first request's answer before answering 409. Well
 * under the function's timeout, and longer than a publish normally takes (tens of ms).
 */
export const WAIT_LIMIT_MS = 5_000;

/** Pause between two reads of a key held by a request in progress. */
export const POLL_INTERVAL_MS = 100;

const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);

/** The client's key, if it sent one. */
export type KeyReading = { ok: true; key: string | undefined } | ({ ok: false } & Refusal);

/** Reads the Idempotency-Key header: absent is fine (no idempotency), malformed is refused. */
export function readIdempotencyKey(header: string | undefined): KeyReading {
  if (header === undefined) return { ok: true, key: undefined };
  if (IDENTIFIER.test(header)) return { ok: true, key: header };
  const message = `the Idempotency-Key header ${IDENTIFIER_RULE}`;
  return { ok: false, reason: RefusalReason.InvalidIdempotencyKey, message, errors: [] };
}

/**
 * "The same request": the same body, byte for byte (a SHA-256 of the bytes, so the store never
 * keeps the ballot itself).
 */
export function fingerprintOf(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * The correlation id of a keyed submission, derived from (voter, key) instead of drawn: if a
 * request crashes after publishing and before recording its answer, the retry publishes the
 * very same submission, which the voters service then recognises as a redelivery (same
 * correlation id) instead of a second submission of the ballot. 43 characters of base64url: an
 * identifier. Identifiers never contain a NUL, so the two parts cannot run into each other.
 */
export function keyedCorrelationId(voterId: string, key: string): string {
  return createHash('sha256').update(`evote-idempotency\0${voterId}\0${key}`).digest('base64url');
}

/** A key as stored: held by a request in progress, or holding the answer it gave. */
export type KeyRecord =
  | {
      readonly state: 'IN_PROGRESS';
      readonly fingerprint: string;
      /** Epoch ms after which the claim no longer protects its request. */
      readonly leaseExpiresAt: number;
      /** Epoch seconds after which the key is forgotten. */
      readonly expiresAt: number;
    }
  | {
      readonly state: 'COMPLETED';
      readonly fingerprint: string;
      readonly answer: RecordedAnswer;
      readonly expiresAt: number;
    };

/**
 * What a replay needs to give the first answer again. The ballot itself is not kept: a replay
 * has the same body, so its detail is rebuilt from the request.
 */
export interface RecordedAnswer {
  readonly eventId: string;
  readonly correlationId: string;
  /** When the first request was accepted: a replay answers with the same instant. */
  readonly acceptedAt: string;
}

/** What a request finds when it looks at its key. */
export type KeyVerdict =
  /** Nobody holds the key (never used, forgotten, or its claim lapsed): claim it. */
  | { kind: 'vacant' }
  /** The same request was answered: give that answer again. */
  | { kind: 'replay'; answer: RecordedAnswer }
  /** The key was used with another body. */
  | { kind: 'mismatch' }
  /** The same request is being processed by someone else: wait for its answer. */
  | { kind: 'in-progress' };

/**
 * The single judge of a key's record. The store's conditional claim is the same rule written as
 * a condition (it succeeds exactly when this says vacant), so a claim can never overtake a live one.
 */
export function judgeKey(record: KeyRecord | undefined, fingerprint: string, now: Date): KeyVerdict {
  // TTL deletion is lazy (it can lag by days): a record past its expiry is treated as gone.
  if (record === undefined || record.expiresAt * 1000 <= now.getTime()) return { kind: 'vacant' };
  if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (record.state === 'COMPLETED') return { kind: 'replay', answer: record.answer };
  // A lapsed claim with the same body may be retaken: its request died, and a retry re-publishes
  // the same submission (same correlation id). With another body it stays a mismatch (above).
  return record.leaseExpiresAt <= now.getTime() ? { kind: 'vacant' } : { kind: 'in-progress' };
}

/** One request's claim on its key. */
export interface KeyClaim {
  readonly voterId: string;
  readonly key: string;
  readonly fingerprint: string;
  /** Unique per claim: only the claimer may complete or release it. */
  readonly claimToken: string;
}

/** The result of a conditional claim. */
export type ClaimResult =
  | { readonly claimed: true }
  /** Someone holds the key: `holder` is its record (undefined if it vanished meanwhile). */
  | { readonly claimed: false; readonly holder: KeyRecord | undefined };

/** The storage of idempotency keys; implemented in store/dynamodb. */
export interface IdempotencyStore {
  /** Claims the key (IN_PROGRESS) in one conditional write, unless {@link judgeKey} says it is held. */
  claim(claim: KeyClaim, now: Date): Promise<ClaimResult>;
  /** A consistent read of the key's record. */
  find(voterId: string, key: string): Promise<KeyRecord | undefined>;
  /** Records the answer, if the claim is still ours; false if it lapsed and was retaken. */
  complete(claim: KeyClaim, answer: RecordedAnswer, now: Date): Promise<boolean>;
  /** Gives the key up after a failure, so a retry can claim it at once (no-op if not ours). */
  release(claim: KeyClaim): Promise<void>;
}

/** Epoch seconds at which a record written at `now` may be forgotten. */
export function expiryOf(now: Date): number {
  return Math.floor(now.getTime() / 1000) + KEY_RETENTION_SECONDS;
}
