/**
 * The idempotency table against DynamoDB Local, created from events/serverless.yml: concurrent
 * retries of one keyed ballot publish once and all get the first answer; a different body is
 * refused; released, lapsed and expired claims can be retaken, and only by the rule.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DetailType, type PublishEntry, type Publisher } from '@evote/shared';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { acceptBallot, type AcceptBallotDeps, type BallotAttempt } from '../../domain/acceptBallot';
import { CLAIM_LEASE_MS, KEY_RETENTION_SECONDS, keyedCorrelationId } from '../../domain/idempotency';
import { RefusalReason } from '../../domain/intake';
import { DynamoIdempotencyStore } from './idempotencyTable';
import { idempotencyKeyKey } from './items';

let table: TableUnderTest;
let db: DynamoDBDocumentClient;
let store: DynamoIdempotencyStore;
let tableName: string;

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-events', logicalId: 'IdempotencyTable' });
  ({ db, tableName } = table);
  store = new DynamoIdempotencyStore({ tableName, client: db });
}, 120_000);

afterAll(async () => {
  await table?.stop();
});

const ballot = { ballotId: 'b00001', voterId: 'v00001', votes: [{ electionId: 'e00001', candidateId: 'c00001' }] };
const body = JSON.stringify({ type: DetailType.BallotSubmitted, detail: ballot });

function attempt(key: string, text = body): BallotAttempt {
  return {
    raw: { contentType: 'application/json', body: Buffer.from(text, 'utf8') },
    caller: { voterId: ballot.voterId, scopes: ['openid'] },
    idempotencyKey: key,
    requestId: randomUUID(),
  };
}

/** A bus that takes its time, so that concurrent retries really overlap the first request. */
function slowBus(delayMs: number) {
  const published: PublishEntry[] = [];
  const publisher: Publisher = {
    publish: async (entries) => {
      await sleep(delayMs);
      published.push(...entries);
      return entries.map(() => `event-${published.length}`);
    },
  };
  return { publisher, published };
}

function deps(publisher: Publisher): AcceptBallotDeps {
  return { publisher, idempotency: store, newId: randomUUID, now: () => new Date(), sleep: (ms) => sleep(ms) };
}

describe('the DynamoDB idempotency table', () => {
  it('lets one of 25 concurrent retries of one key publish; all 25 get its answer', async () => {
    const bus = slowBus(300);
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, () => acceptBallot(attempt('concurrent-1'), deps(bus.publisher))),
    );
    const correlationId = keyedCorrelationId(ballot.voterId, 'concurrent-1');
    const acceptedAt = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);
    expect(bus.published).toEqual([
      { detailType: DetailType.BallotSubmitted, detail: { correlationId, ...ballot, acceptedAt } },
    ]);
    const published = bus.published[0] as unknown as { detail: { acceptedAt: string } };
    const answers = outcomes.map((outcome) => (outcome.kind === 'accepted' ? outcome.submitted : outcome));
    // Every retry is answered with the first request's detail, its acceptance instant included.
    expect(answers).toEqual(
      Array(25).fill({
        eventId: 'event-1',
        correlationId,
        type: DetailType.BallotSubmitted,
        detail: { correlationId, ...ballot, acceptedAt: published.detail.acceptedAt },
      }),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'accepted' && !outcome.replayed)).toHaveLength(1);
    const item = await db.send(
      new GetCommand({ TableName: tableName, Key: idempotencyKeyKey(ballot.voterId, 'concurrent-1') }),
    );
    expect(item.Item).toMatchObject({
      entity: 'IdempotencyKey',
      keyState: 'COMPLETED',
      eventId: 'event-1',
      correlationId,
    });
    expect(item.Item?.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + KEY_RETENTION_SECONDS - 60);
  });

  it('refuses the same key with a different body (422), publishing nothing', async () => {
    const bus = slowBus(0);
    expect(await acceptBallot(attempt('mismatch-1'), deps(bus.publisher))).toMatchObject({
      kind: 'accepted',
      replayed: false,
    });
    const other = JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ...ballot, ballotId: 'b00002' } });
    const outcome = await acceptBallot(attempt('mismatch-1', other), deps(bus.publisher));
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { reason: RefusalReason.IdempotencyKeyReused } });
    expect(bus.published).toHaveLength(1);
  });

  it('lets a released claim be retaken, and lets nobody release or complete a claim not theirs', async () => {
    const now = new Date();
    const first = { voterId: 'v00001', key: 'release-1', fingerprint: 'fp-1', claimToken: 'first' };
    const second = { ...first, claimToken: 'second' };
    expect(await store.claim(first, now)).toEqual({ claimed: true });
    expect(await store.claim(second, now)).toEqual({
      claimed: false,
      holder: expect.objectContaining({ state: 'IN_PROGRESS', fingerprint: 'fp-1' }),
    });
    await store.release(second);
    expect(
      await store.complete(second, { eventId: 'e', correlationId: 'c', acceptedAt: '2026-11-03T14:00:00.000Z' }, now),
    ).toBe(false);
    expect(await store.find('v00001', 'release-1')).toMatchObject({ state: 'IN_PROGRESS' });
    await store.release(first);
    expect(await store.find('v00001', 'release-1')).toBeUndefined();
    expect(await store.claim(second, now)).toEqual({ claimed: true });
    expect(
      await store.complete(
        second,
        { eventId: 'event-9', correlationId: 'corr-9', acceptedAt: '2026-11-03T14:00:00.000Z' },
        now,
      ),
    ).toBe(true);
    // An answer is never released.
    await store.release(second);
    expect(await store.find('v00001', 'release-1')).toMatchObject({
      state: 'COMPLETED',
      answer: { eventId: 'event-9' },
    });
  });

  it('retakes a lapsed claim on the same body only, and any key past its expiry', async () => {
    const then = new Date(Date.now() - CLAIM_LEASE_MS - 1000);
    const crashed = { voterId: 'v00001', key: 'lapsed-1', fingerprint: 'fp-1', claimToken: 'crashed' };
    expect(await store.claim(crashed, then)).toEqual({ claimed: true });
    expect(await store.claim({ ...crashed, fingerprint: 'fp-2', claimToken: 'other-body' }, new Date())).toMatchObject({
      claimed: false,
    });
    expect(await store.claim({ ...crashed, claimToken: 'retry' }, new Date())).toEqual({ claimed: true });

    const longAgo = new Date(Date.now() - KEY_RETENTION_SECONDS * 1000 - 1000);
    const old = { voterId: 'v00001', key: 'expired-1', fingerprint: 'fp-1', claimToken: 'old' };
    expect(await store.claim(old, longAgo)).toEqual({ claimed: true });
    expect(
      await store.complete(old, { eventId: 'e', correlationId: 'c', acceptedAt: '2026-11-03T14:00:00.000Z' }, longAgo),
    ).toBe(true);
    expect(await store.claim({ ...old, fingerprint: 'fp-2', claimToken: 'new' }, new Date())).toEqual({
      claimed: true,
    });
  });
});
