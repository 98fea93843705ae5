/** Over 250 lines because it turns a request into either API Gateway payload version and a result back, as API Gateway documents both. */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readBody, sendJson } from '../http';
import type { JwtContext } from '../auth/authorizer';
import { serveIssuer } from '../auth/endpoints';
import type { LocalIssuer } from '../auth/issuer';
import type { RouteAccess } from './access';
import { serveApiDescription } from './apiDescription';
import type { RouteTable, MatchedRoute } from './routes';
import { serveSite, type StaticSite } from './site';

/** API Gateway's payload limit (HTTP APIs and REST APIs both stop at 10 MB). */
const PAYLOAD_LIMIT = 10 * 1024 * 1024;

/** What serves a route: a function, invoked with the proxy event. */
export interface HttpTarget {
  name: string;
  invoke(event: unknown): Promise<unknown>;
  /** The route's throttle and authorizer; none: public and unthrottled. */
  access?: RouteAccess;
}

export interface GatewayOptions {
  routes: RouteTable<HttpTarget>;
  region: string;
  accountId: string;
  log: (line: string) => void;
  /** The local issuer, served under its URL's path (discovery, JWKS, token). */
  issuer?: LocalIssuer;
  /** The web app, served on paths no API route matches. */
  site?: StaticSite;
}

/** Content types API Gateway passes as text; any other body reaches the handler base64-encoded. */
const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json/,
  /^application\/(.+\+)?xml/,
  /^application\/javascript/,
  /^application\/x-www-form-urlencoded/,
];

/**
 * The local API Gateway: turns an HTTP request into the proxy event the handler gets in AWS
 * (payload 2.0 for `httpApi` routes, 1.0 for `http` routes) and its result back into a response.
 */
export function gatewayRequestHandler(options: GatewayOptions): http.RequestListener {
  return (request, response) => {
    handle(options, request, response).catch((error: Error) => {
      options.log(`gateway error ${error.message}`);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
    });
  };
}

async function handle(
  options: GatewayOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (options.issuer && (await serveIssuer(options.issuer, request, response, url))) return;
  const matched = options.routes.match(method, url.pathname);
  if (!matched) {
    if (serveApiDescription(request, response, url)) return;
    if (options.site && serveSite(options.site, request, response, url)) return;
    return sendJson(response, 404, { message: 'Not Found' });
  }
  const { throttle, guard } = matched.target.access ?? {};
  // As in API Gateway, the stage throttle comes first: a refused request costs no token check.
  if (throttle && !throttle.take()) {
    options.log(`http ${method} ${url.pathname} -> 429 (throttled)`);
    return sendJson(response, 429, { message: 'Too Many Requests' });
  }
  const body = await readBody(request, PAYLOAD_LIMIT);
  if (body === 'too-large') return sendJson(response, 413, { message: 'Request Entity Too Large' });
  let jwt: JwtContext | undefined;
  if (guard) {
    const verdict = await guard.authorizer.authorize(
      { headers: request.headers, query: url.searchParams },
      guard.scopes,
    );
    if (!verdict.allowed) {
      options.log(
        `http ${method} ${url.pathname} -> ${verdict.status} (${guard.authorizer.config.name}: ${verdict.reason})`,
      );
      for (const [name, value] of Object.entries(verdict.headers)) response.setHeader(name, value);
      return sendJson(response, verdict.status, verdict.body);
    }
    jwt = verdict.jwt;
  }
  const event =
    matched.route.kind === 'httpApi'
      ? payloadV2(options, request, url, matched, body, jwt)
      : payloadV1(options, request, url, matched, body);
  const started = Date.now();
  let result: unknown;
  try {
    result = await matched.target.invoke(event);
  } catch (error) {
    options.log(`http ${method} ${url.pathname} -> ${matched.target.name} failed: ${(error as Error).message}`);
    return sendJson(response, 500, { message: 'Internal Server Error' });
  }
  const status = writeResult(response, result, matched.route.kind);
  options.log(`http ${method} ${url.pathname} -> ${matched.target.name} ${status} ${Date.now() - started}ms`);
}

interface ProxyResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

function writeResult(response: http.ServerResponse, result: unknown, kind: 'httpApi' | 'http'): number {
  const shaped = result !== null && typeof result === 'object' && 'statusCode' in result;
  if (!shaped) {
    // Payload 2.0 infers a 200 JSON response from a bare return value; 1.0 calls it a bad response.
    if (kind === 'http') {
      sendJson(response, 502, { message: 'Internal server error' });
      return 502;
    }
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    response.writeHead(200, { 'content-type': 'application/json' }).end(text);
    return 200;
  }
  const proxy = result as ProxyResult;
  const status = proxy.statusCode ?? 200;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(proxy.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(proxy.multiValueHeaders ?? {}))
    headers[name.toLowerCase()] = values.map(String);
  if (proxy.cookies?.length) headers['set-cookie'] = proxy.cookies;
  const body =
    proxy.body === undefined ? Buffer.alloc(0) : Buffer.from(proxy.body, proxy.isBase64Encoded ? 'base64' : 'utf8');
  // A 304 (or 204) has no body and no length of its own: a Content-Length would claim the cached
  // representation is 0 bytes long (RFC 9110, 8.6), so none is sent.
  const length = status === 304 || status === 204 ? {} : { 'content-length': body.length };
  response.writeHead(status, { ...headers, ...length }).end(body);
  return status;
}

function isText(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.some((pattern) => pattern.test(contentType.toLowerCase()));
}

function encodedBody(request: http.IncomingMessage, body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  return isText(request.headers['content-type'])
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}

function requestId(): string {
  // API Gateway's request ids look like "JKJaXmPLvHcESHA=": 10 random bytes in base64.
  return randomBytes(10).toString('base64');
}

function queryParameters(url: URL): Record<string, string> | undefined {
  const keys = [...new Set(url.searchParams.keys())];
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((key) => [key, url.searchParams.getAll(key).join(',')]));
}

function payloadV2(
  options: GatewayOptions,
  request: http.IncomingMessage,
  url: URL,
  matched: MatchedRoute<HttpTarget>,
  body: Buffer,
  jwt: JwtContext | undefined,
): unknown {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const routeKey = `${matched.route.method === '*' ? 'ANY' : matched.route.method} ${matched.route.path}`;
  const now = new Date();
  const query = queryParameters(url);
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: options.accountId,
      apiId: 'local',
      ...(jwt ? { authorizer: { jwt } } : {}),
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: (request.headers.host ?? 'localhost').split('.')[0],
      http: {
        method: request.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: requestId(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...encodedBody(request, body),
  };
}

function payloadV1(
  options: GatewayOptions,
  request: http.IncomingMessage,
  url: URL,
  matched: MatchedRoute<HttpTarget>,
  body: Buffer,
): unknown {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] as string;
    const value = request.rawHeaders[index + 1] as string;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = queryParameters(url);
  const multiQuery = query
    ? Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.getAll(key)]))
    : null;
  const now = new Date();
  return {
    resource: matched.route.path,
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: multiQuery,
    pathParameters: Object.keys(matched.pathParameters).length ? matched.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: options.accountId,
      apiId: 'local',
      httpMethod: request.method,
      path: url.pathname,
      protocol: `HTTP/${request.httpVersion}`,
      requestId: requestId(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourcePath: matched.route.path,
      stage: 'local',
      identity: {
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
    },
    body: encodedBody(request, body).body ?? null,
    isBase64Encoded: encodedBody(request, body).isBase64Encoded,
  };
}
