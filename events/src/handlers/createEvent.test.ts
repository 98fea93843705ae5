/**
 * The createEvent handler, the clients' one door into the system. Over 250 lines because it pins
 * every answer the door gives (202, 400, 401, 403, 413, 415, 422, 500, 503), the voter's-own-
 * ballot rule and the Idempotency-Key, each a short case on the same fixtures.
 */
import { ConfigError, createLogger, DetailType, PublishError, type PublishEntry, type Publisher } from '@evote/shared';
import { capturingMetrics } from '@evote/shared/testing';
import { MemoryIdempotencyStore } from '../../test/memoryIdempotencyStore';
import type { BallotHttpEvent } from '../adapters/http';
import { keyedCorrelationId } from '../domain/idempotency';
import { MAX_BODY_BYTES } from '../domain/intake';
import { createCreateEventHandler, type CreateEventDeps } from './createEvent';

const ballot = { ballotId: 'b00001', voterId: 'v00001', votes: [{ electionId: 'e00001', candidateId: 'c00001' }] };
const validBody = JSON.stringify({ type: DetailType.BallotSubmitted, detail: ballot });

type Claims = Record<string, string>;

/** A Cognito access token's claims, as the jwt authorizer hands them over. */
const voterClaims = (voterId: string): Claims => ({
  iss: 'https://issuer.test',
  sub: 'sub-1',
  client_id: 'voters',
  token_use: 'access',
  scope: 'openid',
  username: voterId,
});
const auditorClaims: Claims = {
  iss: 'https://issuer.test',
  sub: 'auditors',
  client_id: 'auditors',
  token_use: 'access',
  scope: 'evote/audit',
};

/** `claims: null` builds a request without any authorizer (a route that lost its authorizer). */
function requestContext(
  requestId: string,
  claims: Claims | null = voterClaims(ballot.voterId),
): BallotHttpEvent['requestContext'] {
  return {
    requestId,
    ...(claims === null ? {} : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }),
  };
}

function httpEvent(overrides: Partial<BallotHttpEvent> = {}): BallotHttpEvent {
  return {
    version: '2.0',
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: requestContext('req_0001'),
    body: validBody,
    isBase64Encoded: false,
    ...overrides,
  };
}

function keyed(key: string, overrides: Partial<BallotHttpEvent> = {}): BallotHttpEvent {
  return httpEvent({ headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, ...overrides });
}

/** The handler's clock in these tests: every accepted ballot carries it as acceptedAt. */
const ACCEPTED_AT = '2026-11-03T10:00:00.000Z';

function setup(publish: Publisher['publish'] = async () => ['event-1'], overrides: Partial<CreateEventDeps> = {}) {
  const lines: string[] = [];
  const entries: PublishEntry[] = [];
  const publisher: Publisher = {
    publish: async (batch) => {
      entries.push(...batch);
      return publish(batch);
    },
  };
  const idempotency = new MemoryIdempotencyStore();
  const { metrics, samples } = capturingMetrics();
  const handler = createCreateEventHandler({
    publisher,
    idempotency,
    logger: createLogger({ service: 'evote-events' }, (line) => lines.push(line)),
    metrics,
    voterClaim: 'username',
    newId: () => 'generated-id',
    now: () => new Date(ACCEPTED_AT),
    sleep: async () => undefined,
    ...overrides,
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { handler, entries, lines, logs, idempotency, samples };
}

function bodyOf(response: { body?: string }): Record<string, unknown> {
  return JSON.parse(response.body ?? '') as Record<string, unknown>;
}

describe('createEvent handler', () => {
  it('answers 202 with the event id and correlation id, and publishes Ballot Submitted', async () => {
    const { handler, entries, logs } = setup();
    const response = await handler(httpEvent());
    const detail = { correlationId: 'req_0001', ...ballot, acceptedAt: ACCEPTED_AT };
    expect(response.statusCode).toBe(202);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(response)).toEqual({
      eventId: 'event-1',
      correlationId: 'req_0001',
      type: DetailType.BallotSubmitted,
      detail,
    });
    expect(entries).toEqual([{ detailType: DetailType.BallotSubmitted, detail }]);
    expect(logs()).toEqual([expect.objectContaining({ level: 'info', correlationId: 'req_0001', eventId: 'event-1' })]);
  });

  it('assigns a fresh correlation id when the request id is not a valid identifier', async () => {
    const { handler } = setup();
    const response = await handler(httpEvent({ requestContext: requestContext('JRkN5hHdoAMEJ3g=') }));
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
    for (const event of [
      httpEvent({ body: oversized }),
      httpEvent({ body: Buffer.from(oversized).toString('base64'), isBase64Encoded: true }),
    ]) {
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
    expect(
      (await handler(httpEvent({ headers: { 'Content-Type': 'application/json; charset=UTF-8' } }))).statusCode,
    ).toBe(202);
    expect(entries).toHaveLength(1);
  });

  it('answers 400 with field errors for invalid JSON, a schema failure or another event type', async () => {
    const { handler, entries, logs } = setup();
    const bodies = [
      '{not json',
      JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ...ballot, votes: [] } }),
      JSON.stringify({ type: DetailType.VoteCast, detail: ballot }),
    ];
    for (const body of bodies) {
      const response = await handler(httpEvent({ body }));
      expect(response.statusCode).toBe(400);
      const answer = bodyOf(response);
      expect(answer.message).toEqual(expect.any(String));
      expect(answer.errors).toEqual(
        expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
      );
    }
    expect(entries).toEqual([]);
    expect(logs().map((line) => line.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('answers 503 when the bus refuses the event, without leaking the failure', async () => {
    const failure = {
      index: 0,
      detailType: DetailType.BallotSubmitted,
      errorCode: 'InternalFailure',
      errorMessage: 'secret internals',
    };
    const { handler, lines } = setup(async () => Promise.reject(new PublishError('1 entry failed', [failure])));
    const response = await handler(httpEvent());
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/secret|InternalFailure|entry failed/);
    expect(bodyOf(response).correlationId).toBe('req_0001');
    expect(lines.join('\n')).toMatch(/"level":"error".*PublishError/);
  });

  it('answers 500 for any other fault, e.g. missing configuration', async () => {
    const { handler, lines } = setup(async () => {
      throw new ConfigError('missing environment variable: EVENT_BUS_NAME');
    });
    const response = await handler(httpEvent());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/EVENT_BUS_NAME/);
    expect(lines.join('\n')).toMatch(/CONFIG_MISSING/);
  });

  it('never logs the voter id or the votes', async () => {
    const { handler, lines } = setup();
    await handler(httpEvent());
    await handler(
      httpEvent({ body: JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ...ballot, extra: 1 } }) }),
    );
    expect(lines.join('\n')).not.toMatch(/v00001|e00001|c00001/);
  });
});

describe("createEvent handler: only the voter's own ballot", () => {
  it('answers 401 like API Gateway when the request carries no authorizer claims, and publishes nothing', async () => {
    const { handler, entries, idempotency } = setup();
    const response = await handler(keyed('key-1', { requestContext: requestContext('req_0001', null) }));
    expect(response.statusCode).toBe(401);
    expect(bodyOf(response)).toEqual({ message: 'Unauthorized' });
    expect(response.headers?.['www-authenticate']).toBe('Bearer');
    expect(entries).toEqual([]);
    expect(idempotency.calls).toEqual([]);
  });

  it("answers 403 to an auditor's token (it names no voter), and publishes nothing", async () => {
    const { handler, entries } = setup();
    const response = await handler(httpEvent({ requestContext: requestContext('req_0001', auditorClaims) }));
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response)).toEqual({ message: expect.stringMatching(/auditor.*names no voter/), errors: [] });
    expect(entries).toEqual([]);
  });

  it("answers 403 to another voter's token, names neither voter, and publishes nothing", async () => {
    const { handler, entries, idempotency, lines } = setup();
    const response = await handler(
      keyed('key-1', { requestContext: requestContext('req_0001', voterClaims('v99999')) }),
    );
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response)).toEqual({
      message: expect.stringContaining('only their own ballot'),
      errors: [{ path: '/detail/voterId', message: expect.any(String) }],
    });
    expect(response.body).not.toMatch(/v00001|v99999/);
    expect(lines.join('\n')).not.toMatch(/v00001|v99999/);
    expect(entries).toEqual([]);
    expect(idempotency.calls).toEqual([]);
  });

  it('reads the voter from the configured claim', async () => {
    const { handler, entries } = setup(undefined, { voterClaim: 'sub' });
    const claims = { ...voterClaims('v99999'), sub: ballot.voterId };
    expect((await handler(httpEvent({ requestContext: requestContext('req_0001', claims) }))).statusCode).toBe(202);
    expect(entries).toHaveLength(1);
  });
});

describe('createEvent handler: Idempotency-Key', () => {
  it.each(['', 'has space', 'a'.repeat(65), 'é'])(
    'answers 400 for the key %p, and claims and publishes nothing',
    async (key) => {
      const { handler, entries, idempotency } = setup();
      const response = await handler(keyed(key));
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toEqual({
        message: expect.stringMatching(/^the Idempotency-Key header must be 1 to 64 characters/),
        errors: [],
      });
      expect(entries).toEqual([]);
      expect(idempotency.calls).toEqual([]);
    },
  );

  it('gives a retry with the same key and body the first answer, and publishes once', async () => {
    let published = 0;
    let clock = Date.parse(ACCEPTED_AT);
    const { handler, entries } = setup(async () => [`event-${++published}`], { now: () => new Date(clock++) });
    const first = await handler(keyed('key-1'));
    const retry = await handler(keyed('key-1', { requestContext: requestContext('req_0002') }));
    const correlationId = keyedCorrelationId(ballot.voterId, 'key-1');
    expect(first.statusCode).toBe(202);
    expect(bodyOf(first)).toEqual({
      eventId: 'event-1',
      correlationId,
      type: DetailType.BallotSubmitted,
      detail: { correlationId, ...ballot, acceptedAt: expect.stringMatching(/^2026-11-03T10:00:00\.\d{3}Z$/) },
    });
    expect(retry.statusCode).toBe(202);
    // The clock moved on, yet the retry is answered with the first acceptance instant.
    expect(retry.body).toBe(first.body);
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(first.headers?.['idempotent-replayed']).toBeUndefined();
    expect(entries).toHaveLength(1);
  });

  it('answers 422 for the same key with another body (even one space more), and publishes nothing more', async () => {
    const { handler, entries } = setup();
    expect((await handler(keyed('key-1'))).statusCode).toBe(202);
    const response = await handler(keyed('key-1', { body: `${validBody} ` }));
    expect(response.statusCode).toBe(422);
    expect(bodyOf(response)).toEqual({ message: expect.stringContaining('different body'), errors: [] });
    expect(entries).toHaveLength(1);
  });

  it('counts a new ballot as accepted once, a refusal by its status, a replay not at all', async () => {
    const { handler, samples } = setup();
    await handler(keyed('key-1'));
    await handler(keyed('key-1', { requestContext: requestContext('req_0002') }));
    await handler(keyed('key-1', { body: `${validBody} ` }));
    await handler(httpEvent({ headers: { 'content-type': 'text/plain' } }));
    const labels = { service: 'test', stage: 'test' };
    expect(samples()).toEqual([
      { name: 'BallotsAccepted', value: 1, dimensions: labels },
      { name: 'PostsRefused', value: 1, dimensions: { ...labels, status: '422' } },
      { name: 'PostsRefused', value: 1, dimensions: { ...labels, status: '415' } },
    ]);
  });

  it("keeps keys per voter: another voter's same key is a new request", async () => {
    const { handler, entries } = setup();
    const other = { ...ballot, voterId: 'v00002' };
    const otherBody = JSON.stringify({ type: DetailType.BallotSubmitted, detail: other });
    expect((await handler(keyed('key-1'))).statusCode).toBe(202);
    const response = await handler(
      keyed('key-1', { body: otherBody, requestContext: requestContext('req_0002', voterClaims('v00002')) }),
    );
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response).correlationId).toBe(keyedCorrelationId('v00002', 'key-1'));
    expect(entries).toHaveLength(2);
  });

  it('releases the key when publishing fails, so the retry publishes the same submission', async () => {
    let fail = true;
    const failure = {
      index: 0,
      detailType: DetailType.BallotSubmitted,
      errorCode: 'InternalFailure',
      errorMessage: 'down',
    };
    const { handler, entries, idempotency } = setup(async () => {
      if (fail) throw new PublishError('1 entry failed', [failure]);
      return ['event-2'];
    });
    const failed = await handler(keyed('key-1'));
    expect(failed.statusCode).toBe(503);
    const correlationId = keyedCorrelationId(ballot.voterId, 'key-1');
    expect(bodyOf(failed).correlationId).toBe(correlationId);
    expect(idempotency.held.size).toBe(0);
    fail = false;
    const retry = await handler(keyed('key-1'));
    expect(retry.statusCode).toBe(202);
    expect(bodyOf(retry).correlationId).toBe(correlationId);
    expect(entries.map((entry) => entry.detail)).toEqual([
      { correlationId, ...ballot, acceptedAt: ACCEPTED_AT },
      { correlationId, ...ballot, acceptedAt: ACCEPTED_AT },
    ]);
  });

  it('still answers 202 when the answer cannot be recorded, and says so in the log', async () => {
    const { handler, idempotency, logs } = setup();
    idempotency.completeFailure = new Error('table throttled');
    const response = await handler(keyed('key-1'));
    expect(response.statusCode).toBe(202);
    expect(logs()).toEqual([
      expect.objectContaining({ level: 'warn', eventId: 'event-1', msg: expect.stringContaining('not recorded') }),
    ]);
  });

  it('answers 500 when the key store fails before anything is published', async () => {
    const { handler, idempotency, entries } = setup();
    idempotency.claimFailure = new Error('table missing');
    const response = await handler(keyed('key-1'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/table missing/);
    expect(entries).toEqual([]);
  });
});
