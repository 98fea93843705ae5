import { DetailType, Source } from './names';
import { ValidationError } from './errors';
import { capturingLogger } from './testing/fakes';
import { eventConsumer, lazyHandler, parseTrustedEvent } from './lambda';

const voteCast = (source: string = Source.Elections, correlationId: unknown = 'corr-1') => ({
  version: '0',
  id: 'event-1',
  'detail-type': DetailType.VoteCast,
  source,
  account: '000000000000',
  time: '2024-05-01T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    correlationId,
    voteId: '0fc3ff2ef39ceca44fbb8201d6fd06b1',
    ballotId: 'b00001',
    voter: { voterId: 'v00001', fullName: 'Ada Lovelace' },
    vote: { electionId: 'e00001', candidateId: 'c00001' },
  },
});

function consumer(handle: (log: { info(msg: string): void }) => Promise<void> = async (log) => log.info('handled')) {
  const { logger, lines, raw } = capturingLogger();
  const seen: string[] = [];
  const run = eventConsumer(
    {
      parse: (event) => parseTrustedEvent(DetailType.VoteCast, event),
      logFields: (event) => ({ voteId: event.detail.voteId }),
      failure: 'vote not handled',
      logger,
    },
    async (event, log) => {
      seen.push(event.detail.ballotId);
      await handle(log);
    },
  );
  return { run, seen, lines, raw };
}

describe('eventConsumer', () => {
  it('hands the parsed event to the handler with a logger bound to its ids, and resolves with nothing', async () => {
    const { run, seen, lines } = consumer();
    await expect(run(voteCast())).resolves.toBeUndefined();
    expect(seen).toEqual(['b00001']);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'handled',
        correlationId: 'corr-1',
        eventId: 'event-1',
        detailType: 'Vote Cast',
        voteId: '0fc3ff2ef39ceca44fbb8201d6fd06b1',
      }),
    ]);
  });

  it('rethrows a handler failure after one traced error line', async () => {
    const failure = new Error('table unavailable');
    const { run, lines } = consumer(async () => Promise.reject(failure));
    await expect(run(voteCast())).rejects.toBe(failure);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'vote not handled',
        correlationId: 'corr-1',
        voteId: '0fc3ff2ef39ceca44fbb8201d6fd06b1',
        error: expect.objectContaining({ message: 'table unavailable' }),
      }),
    ]);
  });

  it('throws for an event that fails to parse without calling the handler, and still traces the line', async () => {
    const { run, seen, lines } = consumer();
    await expect(run(voteCast(Source.Voters))).rejects.toMatchObject({ code: 'UNEXPECTED_SOURCE' });
    const bad = voteCast();
    await expect(run({ ...bad, detail: { ...bad.detail, vote: {} } })).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'error', correlationId: 'corr-1', eventId: 'event-1', detailType: 'Vote Cast' }),
      expect.objectContaining({ level: 'error', correlationId: 'corr-1', eventId: 'event-1' }),
    ]);
  });

  it('takes only short strings from an unvalidated envelope, never a payload or the voter name', async () => {
    const { run, raw } = consumer();
    await expect(run(voteCast(Source.Elections, 'x'.repeat(65)))).rejects.toBeInstanceOf(ValidationError);
    await expect(run('not an event')).rejects.toBeInstanceOf(ValidationError);
    expect(raw.join('\n')).not.toMatch(/x{65}|Ada Lovelace/);
    expect(raw).toHaveLength(2);
  });
});

describe('lazyHandler', () => {
  it('builds the handler once, on the first invocation', async () => {
    let builds = 0;
    const handler = lazyHandler(() => {
      builds += 1;
      return async (event: number) => event * 2;
    });
    expect(builds).toBe(0);
    await expect(handler(2)).resolves.toBe(4);
    await expect(handler(3)).resolves.toBe(6);
    expect(builds).toBe(1);
  });

  it("logs the Lambda request id and the event's correlation id on every line, of a bus event or an HTTP request", async () => {
    const { logger, lines } = capturingLogger();
    const handler = lazyHandler(() => async () => logger.info('handled'));
    await handler(voteCast(), { awsRequestId: 'lambda-req-1' });
    await handler({ requestContext: { requestId: 'gw-req-2' } }, { awsRequestId: 'lambda-req-2' });
    await handler({ detail: { correlationId: 'x'.repeat(65) } });
    expect(lines().map((line) => [line.requestId, line.correlationId])).toEqual([
      ['lambda-req-1', 'corr-1'],
      ['lambda-req-2', 'gw-req-2'],
      [undefined, undefined],
    ]);
  });
});
