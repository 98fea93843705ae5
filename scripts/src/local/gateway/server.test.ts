import type http from 'node:http';
import { close, listen } from '../http';
import { RouteTable } from './routes';
import { gatewayRequestHandler, type HttpTarget } from './server';

interface Captured {
  events: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- proxy events are checked field by field
}

async function gateway(result: unknown): Promise<{ url: string; captured: Captured; server: http.Server }> {
  const captured: Captured = { events: [] };
  const routes = new RouteTable<HttpTarget>();
  const target: HttpTarget = { name: 'fn', invoke: async (event) => { captured.events.push(event as Record<string, unknown>); return result; } };
  routes.add({ kind: 'httpApi', method: 'POST', path: '/events' }, target);
  routes.add({ kind: 'httpApi', method: 'GET', path: '/audit/{entityType}/{entityId}/events' }, target);
  routes.add({ kind: 'http', method: 'GET', path: '/legacy/{id}' }, target);
  const { server, port } = await listen(gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '000000000000', log: () => undefined }), 0);
  return { url: `http://127.0.0.1:${port}`, captured, server };
}

describe('local API Gateway', () => {
  it('hands an httpApi handler the payload 2.0 proxy event and returns its response', async () => {
    const { url, captured, server } = await gateway({ statusCode: 202, headers: { 'x-test': 'yes' }, body: '{"ok":true}' });
    try {
      const response = await fetch(`${url}/events?a=1&a=2&b=x`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'X-Custom': 'Value' }, body: '{"type":"x"}' });
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
        requestContext: { http: { method: 'POST', path: '/events' }, routeKey: 'POST /events', stage: '$default', accountId: '000000000000' },
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
      const response = await fetch(`${url}/audit/ballot/49aef2/events`, { headers: { 'content-type': 'application/octet-stream' }, method: 'GET' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ events: [] });
      expect(captured.events[0]?.pathParameters).toEqual({ entityType: 'ballot', entityId: '49aef2' });
      await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]) });
      expect(captured.events[1]).toMatchObject({ body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true });
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
      expect(captured.events[0]).toMatchObject({ resource: '/legacy/{id}', path: '/legacy/7', httpMethod: 'GET', pathParameters: { id: '7' }, queryStringParameters: { q: '1' }, multiValueQueryStringParameters: { q: ['1'] }, isBase64Encoded: false });
    } finally {
      await close(server);
    }
  });

  it('answers 500 without details when the function throws', async () => {
    const routes = new RouteTable<HttpTarget>();
    routes.add({ kind: 'httpApi', method: 'POST', path: '/events' }, { name: 'fn', invoke: async () => { throw new Error('secret internals'); } });
    const { server, port } = await listen(gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '0', log: () => undefined }), 0);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/events`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('secret');
    } finally {
      await close(server);
    }
  });
});
