/** Over 250 lines because it covers both payload versions, the authorizers, the throttle and the pages the gateway serves. */
import type http from 'node:http';
import { close, listen } from '../http';
import { RouteTable } from './routes';
import { gatewayRequestHandler, type HttpTarget } from './server';
import { TokenBucket } from './throttle';
import { JwtAuthorizer } from '../auth/authorizer';
import { LocalIssuer } from '../auth/issuer';

interface Captured {
  events: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- proxy events are checked field by field
}

async function gateway(result: unknown): Promise<{ url: string; captured: Captured; server: http.Server }> {
  const captured: Captured = { events: [] };
  const routes = new RouteTable<HttpTarget>();
  const target: HttpTarget = {
    name: 'fn',
    invoke: async (event) => {
      captured.events.push(event as Record<string, unknown>);
      return result;
    },
  };
  routes.add({ kind: 'httpApi', method: 'POST', path: '/events' }, target);
  routes.add({ kind: 'httpApi', method: 'GET', path: '/audit/{entityType}/{entityId}/events' }, target);
  routes.add({ kind: 'http', method: 'GET', path: '/legacy/{id}' }, target);
  const { server, port } = await listen(
    gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '000000000000', log: () => undefined }),
    0,
  );
  return { url: `http://127.0.0.1:${port}`, captured, server };
}

describe('local API Gateway', () => {
  it('hands an httpApi handler the payload 2.0 proxy event and returns its response', async () => {
    const { url, captured, server } = await gateway({
      statusCode: 202,
      headers: { 'x-test': 'yes' },
      body: '{"ok":true}',
    });
    try {
      const response = await fetch(`${url}/events?a=1&a=2&b=x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'X-Custom': 'Value' },
        body: '{"type":"x"}',
      });
      expect(response.status).toBe(202);
      expect(response.headers.get('x-test')).toBe('yes');
      expect(await response.json()).toEqual({ ok: true });
      const [event] = captured.events;
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'POST /events',
        rawPath: '/events',
        rawQueryString: 'a=1&a=2&b=x',
        cookies: ['c1=v1', 'c2=v2'],
        queryStringParameters: { a: '1,2', b: 'x' },
        body: '{"type":"x"}',
        isBase64Encoded: false,
        requestContext: {
          http: { method: 'POST', path: '/events' },
          routeKey: 'POST /events',
          stage: '$default',
          accountId: '000000000000',
        },
      });
      expect(event?.headers['x-custom']).toBe('Value');
      expect(event?.headers['content-type']).toBe('application/json');
      expect(typeof event?.requestContext.requestId).toBe('string');
      expect(event?.pathParameters).toBeUndefined();
    } finally {
      await close(server);
    }
  });

  it('passes path parameters, base64-encodes a body that is not text, and infers 200 JSON from a bare value', async () => {
    const { url, captured, server } = await gateway({ events: [] });
    try {
      const response = await fetch(`${url}/audit/ballot/49aef2/events`, {
        headers: { 'content-type': 'application/octet-stream' },
        method: 'GET',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ events: [] });
      expect(captured.events[0]?.pathParameters).toEqual({ entityType: 'ballot', entityId: '49aef2' });
      await fetch(`${url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0, 1, 2, 255]),
      });
      expect(captured.events[1]).toMatchObject({
        body: Buffer.from([0, 1, 2, 255]).toString('base64'),
        isBase64Encoded: true,
      });
    } finally {
      await close(server);
    }
  });

  it('answers 404 for an unknown route and hands an http route the payload 1.0 event', async () => {
    const { url, captured, server } = await gateway({ statusCode: 200, body: 'ok' });
    try {
      expect((await fetch(`${url}/nope`)).status).toBe(404);
      expect((await fetch(`${url}/events`)).status).toBe(404);
      await fetch(`${url}/legacy/7?q=1`);
      expect(captured.events[0]).toMatchObject({
        resource: '/legacy/{id}',
        path: '/legacy/7',
        httpMethod: 'GET',
        pathParameters: { id: '7' },
        queryStringParameters: { q: '1' },
        multiValueQueryStringParameters: { q: ['1'] },
        isBase64Encoded: false,
      });
    } finally {
      await close(server);
    }
  });

  it('answers 500 without details when the function throws', async () => {
    const routes = new RouteTable<HttpTarget>();
    routes.add(
      { kind: 'httpApi', method: 'POST', path: '/events' },
      {
        name: 'fn',
        invoke: async () => {
          throw new Error('secret internals');
        },
      },
    );
    const { server, port } = await listen(
      gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '0', log: () => undefined }),
      0,
    );
    try {
      const response = await fetch(`http://127.0.0.1:${port}/events`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('secret');
    } finally {
      await close(server);
    }
  });
});

describe('local API Gateway: authorizer, throttle and issuer', () => {
  const identity = {
    issuerUrl: 'http://localhost:3000/_evote/issuer',
    voterAudience: 'evote-local-voters',
    auditorAudience: 'evote-local-auditors',
  };
  let issuer: LocalIssuer;
  let url: string;
  let server: http.Server;
  let invoked: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- proxy events are checked field by field
  let clock = 0;

  beforeAll(async () => {
    issuer = await LocalIssuer.open(identity, undefined);
    const authorizer = new JwtAuthorizer(
      {
        name: 'evoteJwt',
        identitySource: '$request.header.Authorization',
        issuerUrl: identity.issuerUrl,
        audience: [identity.voterAudience, identity.auditorAudience],
      },
      issuer.jwks(),
    );
    const target = (name: string, access: HttpTarget['access']): HttpTarget => ({
      name,
      access,
      invoke: async (event) => {
        invoked.push(event as Record<string, unknown>);
        return { statusCode: 202, body: '{}' };
      },
    });
    const routes = new RouteTable<HttpTarget>();
    routes.add(
      { kind: 'httpApi', method: 'POST', path: '/events' },
      target('createEvent', { guard: { authorizer, scopes: [] } }),
    );
    routes.add(
      { kind: 'httpApi', method: 'GET', path: '/audit/{entityType}/{entityId}/events' },
      target('readEvents', { guard: { authorizer, scopes: ['evote/audit'] } }),
    );
    routes.add(
      { kind: 'httpApi', method: 'GET', path: '/limited' },
      target('limited', { throttle: new TokenBucket({ rateLimit: 1, burstLimit: 2 }, () => clock) }),
    );
    routes.add({ kind: 'httpApi', method: 'GET', path: '/public' }, target('public', {}));
    ({ server, port: gatewayPort } = await listen(
      gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '000000000000', log: () => undefined, issuer }),
      0,
    ));
    url = `http://127.0.0.1:${gatewayPort}`;
  });
  let gatewayPort: number;
  beforeEach(() => {
    invoked = [];
    clock = 0;
  });
  afterAll(() => close(server));

  const post = (headers: Record<string, string>) =>
    fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"type":"Ballot Submitted"}',
    });

  it('answers 401 with a www-authenticate reason and never invokes the handler without a valid token', async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: 'Unauthorized' });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const garbage = await post({ authorization: 'Bearer abc.def.ghi' });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token" error_description=".+"$/);
    const [head, , signature] = (await issuer.voterToken('b7a42e')).split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ iss: identity.issuerUrl, client_id: identity.voterAudience, username: 'e579df', exp: 9999999999 })).toString('base64url')}.${signature}`;
    expect((await post({ authorization: `Bearer ${tampered}` })).status).toBe(401);
    expect(invoked).toHaveLength(0);
  });

  it('hands the handler the claims (as strings) and null scopes on success, with or without Bearer', async () => {
    const token = await issuer.voterToken('b7a42e');
    expect((await post({ authorization: `Bearer ${token}` })).status).toBe(202);
    expect((await post({ authorization: token })).status).toBe(202);
    expect(invoked).toHaveLength(2);
    const jwt = invoked[0]?.requestContext.authorizer.jwt;
    expect(jwt.scopes).toBeNull();
    expect(jwt.claims).toMatchObject({
      username: 'b7a42e',
      client_id: identity.voterAudience,
      iss: identity.issuerUrl,
      token_use: 'access',
      scope: 'openid',
    });
    for (const value of Object.values(jwt.claims)) expect(typeof value).toBe('string');
    expect(Number(jwt.claims.exp) - Number(jwt.claims.iat)).toBe(3600);
  });

  it('answers 403 for a valid token without the route scope, and passes the scopes with it', async () => {
    const asVoter = await fetch(`${url}/audit/voter/b7a42e/events`, {
      headers: { authorization: `Bearer ${await issuer.voterToken('b7a42e')}` },
    });
    expect(asVoter.status).toBe(403);
    expect(await asVoter.json()).toEqual({ message: 'Forbidden' });
    expect(invoked).toHaveLength(0);
    const asAuditor = await fetch(`${url}/audit/voter/b7a42e/events`, {
      headers: { authorization: `Bearer ${await issuer.auditorToken()}` },
    });
    expect(asAuditor.status).toBe(202);
    expect(invoked[0]?.requestContext.authorizer.jwt).toMatchObject({
      scopes: ['evote/audit'],
      claims: { scope: 'evote/audit' },
    });
  });

  it('answers 429 past the burst without invoking the handler, and lets requests through as the bucket refills', async () => {
    const statuses = async (count: number) =>
      Promise.all(Array.from({ length: count }, async () => (await fetch(`${url}/limited`)).status));
    expect((await statuses(5)).sort()).toEqual([202, 202, 429, 429, 429]);
    expect(invoked).toHaveLength(2);
    const refused = await fetch(`${url}/limited`);
    expect(await refused.json()).toEqual({ message: 'Too Many Requests' });
    clock += 1000;
    expect(await statuses(2)).toEqual(expect.arrayContaining([202, 429]));
    expect(invoked).toHaveLength(3);
    expect((await fetch(`${url}/public`)).status).toBe(202);
    expect(invoked[3]?.requestContext.authorizer).toBeUndefined();
  });

  it('serves the issuer: discovery, JWKS and tokens the authorizer accepts; refuses bad token requests', async () => {
    const discovery = (await (await fetch(`${url}/_evote/issuer/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(discovery).toMatchObject({
      issuer: identity.issuerUrl,
      jwks_uri: `${url}/_evote/issuer/.well-known/jwks.json`,
    });
    expect(await (await fetch(discovery.jwks_uri as string)).json()).toEqual(issuer.jwks());
    const minted = await fetch(`${url}/_evote/issuer/token`, { method: 'POST', body: '{"voterId":"b7a42e"}' });
    expect(minted.status).toBe(200);
    const body = (await minted.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await post({ authorization: `Bearer ${body.access_token}` })).status).toBe(202);
    for (const bad of ['{"voterId":"b7 a42e"}', '{"role":"admin"}', 'not json', '{}']) {
      const refused = await fetch(`${url}/_evote/issuer/token`, { method: 'POST', body: bad });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message.length).toBeGreaterThan(10);
    }
    expect((await fetch(`${url}/_evote/issuer/token`)).status).toBe(404);
  });
});
