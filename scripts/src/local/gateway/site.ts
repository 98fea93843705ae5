/**
 * The web app on the gateway's port, as CloudFront serves it in AWS: the three pages at `/`,
 * `/results` and `/audit`, their assets under `/assets/`, and `/config.json` written from the
 * stack. The gateway asks here only after no API route matched, so an API route always wins
 * (`/audit` is the page, `/audit/{entityType}/{entityId}/events` the API).
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { sendJson } from '../http';
import { CONTENT_TYPES } from '../../web/contentTypes';

export interface StaticSite {
  /** The built app (events/web/dist). */
  dir: string;
  /** The body of `/config.json`. */
  config(): unknown;
}

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/results': 'results.html',
  '/results.html': 'results.html',
  '/audit': 'audit.html',
  '/audit.html': 'audit.html',
};

/** One path segment of plain characters: nothing that could climb out of the assets folder. */
const ASSET = /^\/assets\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Serves the request if it is for the site; false otherwise (the gateway then answers 404). */
export function serveSite(
  site: StaticSite,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
): boolean {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url.pathname === '/config.json') {
    sendJson(response, 200, site.config());
    return true;
  }
  const page = PAGES[url.pathname];
  const relative = page ?? (ASSET.test(url.pathname) ? url.pathname.slice(1) : undefined);
  if (!relative) return false;
  const file = path.join(site.dir, relative);
  if (!fs.existsSync(file)) {
    if (!page) return false;
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The web app is not built: run yarn web:build (yarn start builds it when stale).\n');
    return true;
  }
  const body = fs.readFileSync(file);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    // Asset names are not content-hashed (but chunk names are), so the browser revalidates everything.
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(method === 'HEAD' ? undefined : body);
  return true;
}
