import { IDENTIFIER_PATTERN } from '@evote/shared';
import {
  CLAIM_LEASE_MS,
  expiryOf,
  fingerprintOf,
  judgeKey,
  keyedCorrelationId,
  KEY_RETENTION_SECONDS,
  readIdempotencyKey,
  type KeyRecord,
} from './idempotency';
import { RefusalReason } from './intake';

const now = new Date('2026-11-03T10:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('readIdempotencyKey', () => {
  it('accepts no key (no idempotency) and 1 to 64 identifier characters', () => {
    expect(readIdempotencyKey(undefined)).toEqual({ ok: true, key: undefined });
    for (const key of ['a', 'A-b_9', 'x'.repeat(64), '3f6c1a9e-52b1-4d7e-9a55-0c2c0a1d2e3f']) {
      expect(readIdempotencyKey(key)).toEqual({ ok: true, key });
    }
  });

  it.each(['', ' ', 'x'.repeat(65), 'a b', 'a#b', 'a/b', 'clé', 'key\n'])(
    'refuses %p with the identifier rule in words',
    (key) => {
      expect(readIdempotencyKey(key)).toEqual({
        ok: false,
        reason: RefusalReason.InvalidIdempotencyKey,
        message: "the Idempotency-Key header must be 1 to 64 characters: letters, digits, '-' or '_'",
        errors: [],
      });
    },
  );
});

describe('fingerprintOf', () => {
  it('is the same for the same bytes and differs for any other bytes', () => {
    const body = '{"type":"Ballot Submitted"}';
    expect(fingerprintOf(bytes(body))).toBe(fingerprintOf(bytes(body)));
    expect(fingerprintOf(bytes(`${body} `))).not.toBe(fingerprintOf(bytes(body)));
    expect(fingerprintOf(bytes('{"a":1,"b":2}'))).not.toBe(fingerprintOf(bytes('{"b":2,"a":1}')));
  });
});

describe('keyedCorrelationId', () => {
  it('is derived from voter and key alone, and is an identifier', () => {
    const id = keyedCorrelationId('v00001', 'key-1');
    expect(keyedCorrelationId('v00001', 'key-1')).toBe(id);
    expect(id).toMatch(new RegExp(IDENTIFIER_PATTERN));
  });

  it('differs per voter and per key, also where a plain concatenation would collide', () => {
    const ids = [
      keyedCorrelationId('v00001', 'key-1'),
      keyedCorrelationId('v00002', 'key-1'),
      keyedCorrelationId('v00001', 'key-2'),
      keyedCorrelationId('v0000', '1key-1'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('expiryOf', () => {
  it('keeps a key 24 hours, in epoch seconds (the TTL attribute unit)', () => {
    expect(expiryOf(now)).toBe(now.getTime() / 1000 + KEY_RETENTION_SECONDS);
    expect(KEY_RETENTION_SECONDS).toBeGreaterThanOrEqual(24 * 3600);
  });
});

describe('judgeKey', () => {
  const fingerprint = 'fp-1';
  const inProgress: KeyRecord = {
    state: 'IN_PROGRESS',
    fingerprint,
    leaseExpiresAt: now.getTime() + CLAIM_LEASE_MS,
    expiresAt: expiryOf(now),
  };
  const answer = { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' };
  const completed: KeyRecord = { state: 'COMPLETED', fingerprint, answer, expiresAt: expiryOf(now) };

  it('finds an unused key vacant', () => {
    expect(judgeKey(undefined, fingerprint, now)).toEqual({ kind: 'vacant' });
  });

  it('replays the answer of the same body', () => {
    expect(judgeKey(completed, fingerprint, at(1000))).toEqual({ kind: 'replay', answer });
  });

  it('finds another body a mismatch, answered or in progress, lease lapsed or not', () => {
    expect(judgeKey(completed, 'fp-2', at(1000))).toEqual({ kind: 'mismatch' });
    expect(judgeKey(inProgress, 'fp-2', at(1000))).toEqual({ kind: 'mismatch' });
    expect(judgeKey(inProgress, 'fp-2', at(CLAIM_LEASE_MS + 1))).toEqual({ kind: 'mismatch' });
  });

  it('waits for a live claim on the same body, and retakes a lapsed one', () => {
    expect(judgeKey(inProgress, fingerprint, at(CLAIM_LEASE_MS - 1))).toEqual({ kind: 'in-progress' });
    expect(judgeKey(inProgress, fingerprint, at(CLAIM_LEASE_MS))).toEqual({ kind: 'vacant' });
  });

  it('forgets any record past its expiry, even if TTL has not deleted it yet', () => {
    const expired = at(KEY_RETENTION_SECONDS * 1000);
    expect(judgeKey(completed, fingerprint, at(KEY_RETENTION_SECONDS * 1000 - 1))).toEqual({ kind: 'replay', answer });
    expect(judgeKey(completed, fingerprint, expired)).toEqual({ kind: 'vacant' });
    expect(judgeKey(completed, 'fp-2', expired)).toEqual({ kind: 'vacant' });
  });
});
