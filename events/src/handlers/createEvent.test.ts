import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ConfigError, createLogger, DetailType, PublishError, type PublishEntry, type Publisher } from '@evote/shared';
import { createHandler } from './createEvent';
import { MAX_BODY_BYTES } from '../domain/intake';

const ballot = { ballotId: 'b00001', voterId: 'v00001', votes: [{ electionId: 'e00001', candidateId: 'c00001' }] };
const validBody = JSON.stringify({ type: DetailType.BallotSubmitted, detail: ballot });

function httpEvent(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { requestId: 'req_0001' } as APIGatewayProxyEventV2['requestContext'],
    body: validBody,
    isBase64Encoded: false,
    ...overrides,
  };
}

function setup(publish: Publisher['publish'] = async () => ['event-1']) {
  const lines: string[] = [];
  const entries: PublishEntry[] = [];
  const publisher: Publisher = {
    publish: async (batch) => {
      entries.push(...batch);
      return publish(batch);
    },
  };
  const handler = createHandler({
    publisher: () => publisher,
    logger: createLogger({ service: 'evote-events' }, (line) => lines.push(line)),
    newId: () => 'generated-id',
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { handler, entries, lines, logs };
}

function bodyOf(response: { body?: string }): Record<string, unknown> {
  return JSON.parse(response.body ?? '') as Record<string, unknown>;
}

describe('createEvent handler', () => {
  it('answers 202 with the event id and correlation id, and publishes Ballot Submitted', async () => {
    const { handler, entries, logs } = setup();
    const response = await handler(httpEvent());
    const detail = { correlationId: 'req_0001', ...ballot };
    expect(response.statusCode).toBe(202);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(response)).toEqual({ eventId: 'event-1', correlationId: 'req_0001', type: DetailType.BallotSubmitted, detail });
    expect(entries).toEqual([{ detailType: DetailType.BallotSubmitted, detail }]);
    expect(logs()).toEqual([expect.objectContaining({ level: 'info', correlationId: 'req_0001', eventId: 'event-1' })]);
  });

  it('assigns a fresh correlation id when the request id is not a valid identifier', async () => {
    const { handler } = setup();
    const response = await handler(httpEvent({ requestContext: { requestId: 'JRkN5hHdoAMEJ3g=' } as APIGatewayProxyEventV2['requestContext'] }));
    expect(bodyOf(response).correlationId).toBe('generated-id');
  });

  it('decodes a base64 body and measures the decoded size', async () => {
    // Padded to just under the limit: its base64 form is a third larger, and must still pass.
    const padded = validBody + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(validBody));
    const { handler } = setup();
    const response = await handler(httpEvent({ body: Buffer.from(padded).toString('base64'), isBase64Encoded: true }));
    expect(response.statusCode).toBe(202);
  });

  it('answers 413 for a body over 64 KB, and publishes nothing', async () => {
    const { handler, entries } = setup();
    const oversized = validBody + ' '.repeat(MAX_BODY_BYTES);
    for (const event of [httpEvent({ body: oversized }), httpEvent({ body: Buffer.from(oversized).toString('base64'), isBase64Encoded: true })]) {
      const response = await handler(event);
      expect(response.statusCode).toBe(413);
      expect(bodyOf(response)).toEqual({ message: expect.any(String), errors: [] });
    }
    expect(entries).toEqual([]);
  });

  it('answers 415 for a non-JSON or missing content type', async () => {
    const { handler, entries } = setup();
    for (const headers of [{ 'content-type': 'text/plain' }, {}]) {
      expect((await handler(httpEvent({ headers }))).statusCode).toBe(415);
    }
    expect((await handler(httpEvent({ headers: { 'Content-Type': 'application/json; charset=UTF-8' } }))).statusCode).toBe(202);
    expect(entries).toHaveLength(1);
  });

  it('answers 400 with field errors for invalid JSON, a schema failure or another event type', async () => {
    const { handler, entries, logs } = setup();
    const bodies = ['{not json', JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ...ballot, votes: [] } }), JSON.stringify({ type: DetailType.VoteCast, detail: ballot })];
    for (const body of bodies) {
      const response = await handler(httpEvent({ body }));
      expect(response.statusCode).toBe(400);
      const answer = bodyOf(response);
      expect(answer.message).toEqual(expect.any(String));
      expect(answer.errors).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
    }
    expect(entries).toEqual([]);
    expect(logs().map((line) => line.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('answers 503 when the bus refuses the event, without leaking the failure', async () => {
    const failure = { index: 0, detailType: DetailType.BallotSubmitted, errorCode: 'InternalFailure', errorMessage: 'secret internals' };
    const { handler, lines } = setup(async () => Promise.reject(new PublishError('1 entry failed', [failure])));
    const response = await handler(httpEvent());
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/secret|InternalFailure|entry failed/);
    expect(bodyOf(response).correlationId).toBe('req_0001');
    expect(lines.join('\n')).toMatch(/"level":"error".*PublishError/);
  });

  it('answers 500 for any other fault, e.g. missing configuration', async () => {
    const lines: string[] = [];
    const handler = createHandler({
      publisher: () => {
        throw new ConfigError('missing environment variable: EVENT_BUS_NAME');
      },
      logger: createLogger({ service: 'evote-events' }, (line) => lines.push(line)),
      newId: () => 'generated-id',
    });
    const response = await handler(httpEvent());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/EVENT_BUS_NAME/);
    expect(lines.join('\n')).toMatch(/CONFIG_MISSING/);
  });

  it('never logs the voter id or the votes', async () => {
    const { handler, lines } = setup();
    await handler(httpEvent());
    await handler(httpEvent({ body: JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ...ballot, extra: 1 } }) }));
    expect(lines.join('\n')).not.toMatch(/v00001|e00001|c00001/);
  });
});
