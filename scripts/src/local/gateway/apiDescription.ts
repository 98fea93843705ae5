/**
 * `GET /openapi.json`: the OpenAPI description of every route the gateway serves, built from the
 * contract schemas (the same document as docs/openapi.json). Asked only after no API route
 * matched, so a route declared at this path would win. It names no server: clients resolve the
 * routes against the address they fetched it from, which locally is this gateway.
 */
import type http from 'node:http';
import { openApiDocument } from '@evote/shared';

export const API_DESCRIPTION_PATH = '/openapi.json';

/** Serves the document if the request is for it; false otherwise. */
export function serveApiDescription(request: http.IncomingMessage, response: http.ServerResponse, url: URL): boolean {
  const method = request.method ?? 'GET';
  if (url.pathname !== API_DESCRIPTION_PATH || (method !== 'GET' && method !== 'HEAD')) return false;
  const body = Buffer.from(JSON.stringify(openApiDocument()));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(method === 'HEAD' ? undefined : body);
  return true;
}
