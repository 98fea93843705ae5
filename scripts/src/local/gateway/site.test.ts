import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { close, listen } from '../http';
import { RouteTable } from './routes';
import { gatewayRequestHandler, type HttpTarget } from './server';

const config = { signIn: 'local', issuer: '/_evote/issuer', clientId: 'voters', apiBase: {} };

async function gatewayWithSite(dir: string): Promise<{ url: string; server: http.Server; apiCalls: string[] }> {
  const apiCalls: string[] = [];
  const target: HttpTarget = {
    name: 'api',
    invoke: async (event) => {
      apiCalls.push((event as { rawPath: string }).rawPath);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"api":true}' };
    },
  };
  const routes = new RouteTable<HttpTarget>();
  routes.add({ kind: 'httpApi', method: 'GET', path: '/audit/{entityType}/{entityId}/events' }, target);
  routes.add({ kind: 'httpApi', method: 'GET', path: '/elections/{electionId}/results' }, target);
  routes.add({ kind: 'httpApi', method: 'POST', path: '/events' }, target);
  const { server, port } = await listen(
    gatewayRequestHandler({
      routes,
      region: 'us-east-1',
      accountId: '000000000000',
      log: () => undefined,
      site: { dir, config: () => config },
    }),
    0,
  );
  return { url: `http://127.0.0.1:${port}`, server, apiCalls };
}

function builtSite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-site-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  for (const page of ['index', 'results', 'audit']) fs.writeFileSync(path.join(dir, `${page}.html`), `<p>${page}</p>`);
  fs.writeFileSync(path.join(dir, 'assets', 'voter.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not an asset');
  return dir;
}

describe('the web app on the local gateway', () => {
  const dir = builtSite();
  let gateway: Awaited<ReturnType<typeof gatewayWithSite>>;
  beforeAll(async () => {
    gateway = await gatewayWithSite(dir);
  });
  afterAll(async () => {
    await close(gateway.server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/', 'index'],
    ['/results', 'results'],
    ['/audit', 'audit'],
    ['/audit.html', 'audit'],
  ])('serves the page %s', async (pathname, page) => {
    const response = await fetch(`${gateway.url}${pathname}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(`<p>${page}</p>`);
  });

  it('serves the assets with their content types, and the stack config', async () => {
    const script = await fetch(`${gateway.url}/assets/voter.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
    const style = await fetch(`${gateway.url}/assets/app.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const served = await fetch(`${gateway.url}/config.json`);
    expect(await served.json()).toEqual(config);
  });

  it('lets API routes win: the audit API under /audit, results under /elections', async () => {
    const audit = await fetch(`${gateway.url}/audit/ballot/49aef2/events`);
    expect(await audit.json()).toEqual({ api: true });
    const results = await fetch(`${gateway.url}/elections/e1/results`);
    expect(await results.json()).toEqual({ api: true });
    expect(gateway.apiCalls).toEqual(['/audit/ballot/49aef2/events', '/elections/e1/results']);
  });

  it.each([
    '/assets/../secret.txt',
    '/assets/%2e%2e/secret.txt',
    '/assets/..%2fsecret.txt',
    '/secret.txt',
    '/assets/missing.js',
    '/results/extra',
  ])('answers 404 for %s, never a file outside the assets', async (pathname) => {
    const response = await fetch(`${gateway.url}${pathname}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not an asset');
  });

  it('serves only GET and HEAD: another method on a page is the API 404', async () => {
    expect((await fetch(`${gateway.url}/results`, { method: 'POST' })).status).toBe(404);
    const head = await fetch(`${gateway.url}/results`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says so when the app is not built', async () => {
    const empty = await gatewayWithSite(path.join(dir, 'nowhere'));
    try {
      const response = await fetch(`${empty.url}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/yarn web:build/);
    } finally {
      await close(empty.server);
    }
  });
});
