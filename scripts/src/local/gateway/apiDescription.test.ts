import type http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '@evote/shared';
import { close, listen } from '../http';
import { repoRoot } from '../paths';
import { RouteTable } from './routes';
import { gatewayRequestHandler, type HttpTarget } from './server';

async function gateway(routes: RouteTable<HttpTarget>): Promise<{ url: string; server: http.Server }> {
  const { server, port } = await listen(
    gatewayRequestHandler({ routes, region: 'us-east-1', accountId: '000000000000', log: () => undefined }),
    0,
  );
  return { url: `http://127.0.0.1:${port}`, server };
}

const answering = (body: unknown): HttpTarget => ({
  name: 'fn',
  invoke: async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }),
});

describe('GET /openapi.json on the local gateway', () => {
  it('answers the OpenAPI document, the one checked in as docs/openapi.json', async () => {
    const routes = new RouteTable<HttpTarget>();
    routes.add({ kind: 'httpApi', method: 'GET', path: '/elections' }, answering({ elections: [] }));
    const { url, server } = await gateway(routes);
    try {
      const response = await fetch(`${url}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const served = await response.json();
      expect(served).toEqual(openApiDocument());
      expect(served).toEqual(JSON.parse(readFileSync(path.join(repoRoot(), 'docs', 'openapi.json'), 'utf8')));
      const head = await fetch(`${url}/openapi.json`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
      // Only reading it: any other method finds no route, as API Gateway would answer.
      expect((await fetch(`${url}/openapi.json`, { method: 'POST' })).status).toBe(404);
      // The API routes are untouched.
      expect(await (await fetch(`${url}/elections`)).json()).toEqual({ elections: [] });
    } finally {
      await close(server);
    }
  });

  it('leaves the path to an API route that declares it', async () => {
    const routes = new RouteTable<HttpTarget>();
    routes.add({ kind: 'httpApi', method: 'GET', path: '/openapi.json' }, answering({ from: 'the function' }));
    const { url, server } = await gateway(routes);
    try {
      expect(await (await fetch(`${url}/openapi.json`)).json()).toEqual({ from: 'the function' });
    } finally {
      await close(server);
    }
  });
});
