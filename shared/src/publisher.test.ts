/** Over 250 lines because it covers batching by size and count, partial failures and retries case by case. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsCommandInput, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { voteCast } from './contracts/fixtures';
import { PublishError, ValidationError } from './errors';
import { DetailType, Source } from './names';
import { createPublisher, type PublishEntry } from './publisher';
import { batches, entrySize, MAX_CALL_BYTES } from './putEventsLimits';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const client = new EventBridgeClient({ region: 'eu-west-1', credentials });
const eventBridge = mockClient(client);
const sleep = jest.fn((_ms: number) => Promise.resolve());

/** A valid Vote Cast entry whose voteId (and so event id) identifies it. */
function entry(n: number, resources?: string[]): PublishEntry<'Vote Cast'> {
  return { detailType: DetailType.VoteCast, detail: { ...voteCast, voteId: `v${n}` }, ...(resources && { resources }) };
}

function entries(count: number): PublishEntry<'Vote Cast'>[] {
  return Array.from({ length: count }, (_, n) => entry(n));
}

/** The voteIds of the entries sent in one PutEvents call. */
function voteIdsOf(input: PutEventsCommandInput): string[] {
  return (input.Entries ?? []).map((e) => (JSON.parse(e.Detail ?? '{}') as { voteId: string }).voteId);
}

function sentCalls(): PutEventsCommandInput[] {
  return eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input);
}

/** Answers each call: an entry fails with the code `failWith(voteId, callNumber)` returns, else gets `evt-<voteId>`. */
function answer(failWith: (voteId: string, call: number) => string | undefined = () => undefined): void {
  let call = 0;
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    call += 1;
    const results: PutEventsResultEntry[] = voteIdsOf(input).map((voteId) => {
      const code = failWith(voteId, call);
      return code ? { ErrorCode: code, ErrorMessage: `${code} for ${voteId}` } : { EventId: `evt-${voteId}` };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  });
}

function publisher(options: { maxAttempts?: number } = {}) {
  return createPublisher({ busName: 'evote-test', source: Source.Elections, client, sleep, ...options });
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeEach(() => {
  eventBridge.reset();
  sleep.mockClear();
});

describe('createPublisher().publish', () => {
  it('sends nothing for no entries', async () => {
    await expect(publisher().publish([])).resolves.toEqual([]);
    expect(sentCalls()).toHaveLength(0);
  });

  it('sends 25 entries in 3 calls of 10, 10 and 5, returning ids in entry order', async () => {
    answer();
    const ids = await publisher().publish(entries(25));
    expect(sentCalls().map((input) => input.Entries?.length)).toEqual([10, 10, 5]);
    expect(ids).toEqual(entries(25).map((e) => `evt-${e.detail.voteId}`));
  });

  it('builds each entry from the bus, the source, the detail-type and the JSON detail', async () => {
    answer();
    await publisher().publish([entry(1, ['arn:aws:evote:::ballot/b1a2c3'])]);
    expect(sentCalls()[0]?.Entries).toEqual([
      {
        EventBusName: 'evote-test',
        Source: 'evote.elections',
        DetailType: 'Vote Cast',
        Detail: JSON.stringify(entry(1).detail),
        Resources: ['arn:aws:evote:::ballot/b1a2c3'],
      },
    ]);
  });

  it('splits by size so that no call exceeds 256 KB', async () => {
    answer();
    const big = (n: number) => entry(n, ['r'.repeat(100 * 1024)]); // ~100 KB each: two fit a call, three do not
    const ids = await publisher().publish([big(0), big(1), big(2), big(3), big(4)]);
    expect(sentCalls().map(voteIdsOf)).toEqual([['v0', 'v1'], ['v2', 'v3'], ['v4']]);
    expect(ids).toEqual(['evt-v0', 'evt-v1', 'evt-v2', 'evt-v3', 'evt-v4']);
  });

  it('refuses, before sending anything, an entry that alone exceeds 256 KB', async () => {
    answer();
    const tooBig = entry(1, ['r'.repeat(MAX_CALL_BYTES)]);
    const error = await publishError(publisher().publish([entry(0), tooBig]));
    expect(error.code).toBe('PUBLISH_FAILED');
    expect(error.failures).toEqual([
      { index: 1, detailType: 'Vote Cast', errorCode: 'EntryTooLarge', errorMessage: expect.stringContaining('bytes') },
    ]);
    expect(sentCalls()).toHaveLength(0);
  });

  it('refuses invalid details with ValidationError before sending anything', async () => {
    answer();
    const { vote: _vote, ...noVote } = voteCast;
    const invalid = { detailType: DetailType.VoteCast, detail: noVote } as unknown as PublishEntry;
    const error = await publisher()
      .publish([entry(0), invalid])
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: '/1/detail/vote', message: 'is required' }]);
    expect(sentCalls()).toHaveLength(0);
  });

  it('resends only the entries that failed with a retryable code, after a backoff', async () => {
    const firstTime: Record<string, string> = { v1: 'ThrottlingException', v3: 'InternalFailure' };
    answer((voteId, call) => (call === 1 ? firstTime[voteId] : undefined));
    const ids = await publisher().publish(entries(5));
    expect(sentCalls().map(voteIdsOf)).toEqual([
      ['v0', 'v1', 'v2', 'v3', 'v4'],
      ['v1', 'v3'],
    ]);
    expect(ids).toEqual(['evt-v0', 'evt-v1', 'evt-v2', 'evt-v3', 'evt-v4']);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(25);
    expect(sleep.mock.calls[0]?.[0]).toBeLessThanOrEqual(50);
  });

  it('does not retry non-retryable failures and names them in PublishError', async () => {
    answer((voteId) => (voteId === 'v2' ? 'AccessDeniedException' : undefined));
    const error = await publishError(publisher().publish(entries(4)));
    expect(error.failures).toEqual([
      {
        index: 2,
        detailType: 'Vote Cast',
        errorCode: 'AccessDeniedException',
        errorMessage: 'AccessDeniedException for v2',
      },
    ]);
    expect(error.message).toBe('1 of 4 events not published: #2 Vote Cast AccessDeniedException');
    expect(sentCalls()).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries the retryable failures of a mixed response and reports only what still failed', async () => {
    answer((voteId, call) => {
      if (voteId === 'v0') return 'MalformedDetail';
      return voteId === 'v1' && call === 1 ? 'ThrottlingException' : undefined;
    });
    const error = await publishError(publisher().publish(entries(3)));
    expect(sentCalls().map(voteIdsOf)).toEqual([['v0', 'v1', 'v2'], ['v1']]);
    expect(error.failures.map((f) => [f.index, f.errorCode])).toEqual([[0, 'MalformedDetail']]);
  });

  it('throws PublishError when retries are exhausted, after backing off longer each time', async () => {
    answer((voteId) => (voteId === 'v1' ? 'ThrottlingException' : undefined));
    const error = await publishError(publisher({ maxAttempts: 4 }).publish(entries(3)));
    expect(sentCalls().map(voteIdsOf)).toEqual([['v0', 'v1', 'v2'], ['v1'], ['v1'], ['v1']]);
    expect(error.failures).toEqual([
      {
        index: 1,
        detailType: 'Vote Cast',
        errorCode: 'ThrottlingException',
        errorMessage: 'ThrottlingException for v1 (still failing after 4 attempts)',
      },
    ]);
    const delays = sleep.mock.calls.map(([ms]) => ms);
    expect(delays).toHaveLength(3);
    delays.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(25 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(50 * 2 ** i);
    });
  });

  it('still sends the later calls when an entry of an earlier call fails', async () => {
    answer((voteId) => (voteId === 'v0' ? 'AccessDeniedException' : undefined));
    const error = await publishError(publisher().publish(entries(12)));
    expect(sentCalls()).toHaveLength(2);
    expect(error.failures.map((f) => f.index)).toEqual([0]);
  });

  it('treats a result entry with neither id nor error code as failed', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-v0' }, {}] });
    const error = await publishError(publisher().publish(entries(2)));
    expect(error.failures).toEqual([expect.objectContaining({ index: 1, errorCode: 'MissingEventId' })]);
  });

  it('wraps a failed call, naming every entry that was not published', async () => {
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      call += 1;
      if (call === 2) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' });
      return { FailedEntryCount: 0, Entries: voteIdsOf(input).map((id) => ({ EventId: `evt-${id}` })) };
    });
    const error = await publishError(publisher().publish(entries(25)));
    expect(error.failures.map((f) => f.index)).toEqual(Array.from({ length: 15 }, (_, i) => i + 10));
    expect(error.failures[0]).toMatchObject({ errorCode: 'NetworkingError', errorMessage: 'connect ECONNREFUSED' });
    expect(error.cause).toBeInstanceOf(Error);
    expect(sentCalls()).toHaveLength(2);
  });

  it('rejects a response whose entries do not match the request', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'only-one' }] });
    const error = await publishError(publisher().publish(entries(2)));
    expect(error.failures.map((f) => f.index)).toEqual([0, 1]);
  });

  it('refuses a maxAttempts below 1', () => {
    expect(() => publisher({ maxAttempts: 0 })).toThrow(RangeError);
  });
});

describe('the default client', () => {
  it('is one EventBridgeClient per module, used when none is given', async () => {
    const everyClient = mockClient(EventBridgeClient);
    try {
      everyClient.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-default' }] });
      const options = { busName: 'evote-test', source: Source.Elections, sleep };
      await expect(createPublisher(options).publish([entry(0)])).resolves.toEqual(['evt-default']);
      await expect(createPublisher(options).publish([entry(1)])).resolves.toEqual(['evt-default']);
      const callers = everyClient.commandCalls(PutEventsCommand).map((call) => call.thisValue as unknown);
      expect(callers).toHaveLength(2);
      expect(callers[0]).toBe(callers[1]);
    } finally {
      everyClient.restore();
    }
  });
});

describe('entrySize', () => {
  it('counts Source, DetailType, Detail and Resources as UTF-8 bytes, plus 14 for Time', () => {
    const base = { Source: 'evote.voters', DetailType: 'Vote Cast', Detail: '{"n":"é"}', EventBusName: 'not counted' };
    expect(entrySize(base)).toBe(12 + 9 + 10);
    expect(entrySize({ ...base, Resources: ['ab', 'ü'] })).toBe(31 + 2 + 2);
    expect(entrySize({ ...base, Time: new Date() })).toBe(31 + 14);
  });
});

describe('batches', () => {
  it('starts a new call when the next entry would pass 256 KB, even below 10 entries', () => {
    const sized = (bytes: number) => ({ Source: '', DetailType: '', Detail: 'x'.repeat(bytes) });
    expect(batches([sized(MAX_CALL_BYTES - 10), sized(10), sized(1), sized(5)])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});
