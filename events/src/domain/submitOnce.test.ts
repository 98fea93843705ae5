import { MemoryIdempotencyStore } from '../../test/memoryIdempotencyStore';
import { CLAIM_LEASE_MS, POLL_INTERVAL_MS, WAIT_LIMIT_MS, type RecordedAnswer } from './idempotency';
import { submitOnce, type SubmitOnceDeps } from './submitOnce';

const request = { voterId: 'v00001', key: 'key-1', fingerprint: 'fp-1' };

/**
 * A clock that only moves when someone sleeps. `whileAsleep` runs at each pause: what another
 * request does meanwhile.
 */
function harness(whileAsleep: (store: MemoryIdempotencyStore, now: Date) => Promise<unknown> | void = () => undefined) {
  let nowMs = Date.parse('2026-11-03T10:00:00Z');
  let tokens = 0;
  const store = new MemoryIdempotencyStore();
  const deps: SubmitOnceDeps = {
    idempotency: store,
    now: () => new Date(nowMs),
    sleep: async (ms) => {
      nowMs += ms;
      await whileAsleep(store, new Date(nowMs));
    },
    newId: () => `claim-${++tokens}`,
  };
  const advance = (ms: number) => (nowMs += ms);
  return { deps, store, advance };
}

/** The first request's claim, taken before the request under test arrives. */
const firstClaim = { ...request, claimToken: 'first' };

function submitter(
  answer: RecordedAnswer = { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
) {
  const submit = jest.fn(async () => answer);
  return submit;
}

describe('submitOnce', () => {
  it('runs the submission once and records its answer', async () => {
    const { deps, store } = harness();
    const submit = submitter();
    await expect(submitOnce(request, submit, deps)).resolves.toEqual({
      kind: 'answered',
      answer: { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      replayed: false,
    });
    expect(submit).toHaveBeenCalledTimes(1);
    expect(await store.find('v00001', 'key-1')).toMatchObject({ state: 'COMPLETED', answer: { eventId: 'event-1' } });
  });

  it('gives a later retry the first answer without submitting again', async () => {
    const { deps } = harness();
    await submitOnce(request, submitter(), deps);
    const again = submitter({ eventId: 'event-2', correlationId: 'corr-2', acceptedAt: '2026-11-03T14:00:00.000Z' });
    await expect(submitOnce(request, again, deps)).resolves.toEqual({
      kind: 'answered',
      answer: { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      replayed: true,
    });
    expect(again).not.toHaveBeenCalled();
  });

  it('finds another body under the same key a mismatch', async () => {
    const { deps } = harness();
    await submitOnce(request, submitter(), deps);
    const other = submitter();
    await expect(submitOnce({ ...request, fingerprint: 'fp-2' }, other, deps)).resolves.toEqual({ kind: 'mismatch' });
    expect(other).not.toHaveBeenCalled();
  });

  it('waits for a request in progress and returns its answer once recorded', async () => {
    const { deps, store } = harness(async (store, now) => {
      if (store.calls.filter((call) => call === 'find').length === 2)
        await store.complete(
          firstClaim,
          { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
          now,
        );
    });
    await store.claim(firstClaim, deps.now());
    const submit = submitter();
    await expect(submitOnce(request, submit, deps)).resolves.toEqual({
      kind: 'answered',
      answer: { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      replayed: true,
    });
    expect(submit).not.toHaveBeenCalled();
  });

  it('gives up waiting after the wait limit, reading the key at a bounded rate', async () => {
    const { deps, store } = harness();
    await store.claim(firstClaim, deps.now());
    const submit = submitter();
    await expect(submitOnce(request, submit, deps)).resolves.toEqual({ kind: 'in-progress' });
    expect(submit).not.toHaveBeenCalled();
    const reads = store.calls.filter((call) => call === 'find').length;
    expect(reads).toBe(WAIT_LIMIT_MS / POLL_INTERVAL_MS);
    expect(WAIT_LIMIT_MS).toBeLessThan(CLAIM_LEASE_MS);
  });

  it('takes the key over when the first request releases it while we wait', async () => {
    const { deps, store } = harness((store) => store.release(firstClaim));
    await store.claim(firstClaim, deps.now());
    const submit = submitter({ eventId: 'event-2', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' });
    await expect(submitOnce(request, submit, deps)).resolves.toEqual({
      kind: 'answered',
      answer: { eventId: 'event-2', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      replayed: false,
    });
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('retakes a claim whose request died without releasing it, once its lease lapsed', async () => {
    const { deps, store, advance } = harness();
    await store.claim({ ...request, claimToken: 'crashed' }, deps.now());
    advance(CLAIM_LEASE_MS);
    const submit = submitter();
    await expect(submitOnce(request, submit, deps)).resolves.toMatchObject({ kind: 'answered', replayed: false });
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('releases the claim when the submission fails, and rethrows', async () => {
    const { deps, store } = harness();
    const failing = jest.fn(async (): Promise<RecordedAnswer> => Promise.reject(new Error('bus down')));
    await expect(submitOnce(request, failing, deps)).rejects.toThrow('bus down');
    expect(await store.find('v00001', 'key-1')).toBeUndefined();
    await expect(submitOnce(request, submitter(), deps)).resolves.toMatchObject({ kind: 'answered', replayed: false });
  });

  it('reports an answer it could not record, but still answers (the ballot is on the bus)', async () => {
    const { deps, store } = harness();
    store.completeFailure = new Error('throttled');
    await expect(submitOnce(request, submitter(), deps)).resolves.toEqual({
      kind: 'answered',
      answer: { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' },
      replayed: false,
      recordFailure: store.completeFailure,
    });
  });

  it('reports a claim that lapsed and was retaken before its answer was recorded', async () => {
    const { deps, store, advance } = harness();
    const slow = jest.fn(async () => {
      advance(CLAIM_LEASE_MS);
      await store.claim({ ...request, claimToken: 'retry' }, deps.now());
      return { eventId: 'event-1', correlationId: 'corr-1', acceptedAt: '2026-11-03T14:00:00.000Z' };
    });
    const outcome = await submitOnce(request, slow, deps);
    expect(outcome).toMatchObject({
      kind: 'answered',
      recordFailure: expect.objectContaining({ message: expect.stringContaining('lapsed') }),
    });
    expect(await store.find('v00001', 'key-1')).toMatchObject({ state: 'IN_PROGRESS' });
  });
});
