import type http from 'node:http';
import { readBody, sendJson } from '../http';
import { TOKEN_LIFETIME_SECONDS, TokenRequestError, mint, parseTokenRequest, type LocalIssuer } from './issuer';

/** A token request is two fields; anything much larger is not one. */
const TOKEN_REQUEST_LIMIT = 4096;

/** Where the issuer is served on the gateway: the path of its URL, e.g. `/_evote/issuer`. */
export function issuerPath(issuer: LocalIssuer): string {
  return new URL(issuer.url).pathname.replace(/\/$/, '');
}

/**
 * Serves the local issuer's endpoints if the request is for one of them: the discovery
 * document, the JWKS, and (local only, in place of a sign-in page) `POST .../token`.
 * Returns false for any other path.
 */
export async function serveIssuer(
  issuer: LocalIssuer,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  const base = issuerPath(issuer);
  if (!url.pathname.startsWith(`${base}/`)) return false;
  const endpoint = url.pathname.slice(base.length);
  const method = request.method ?? 'GET';
  if (endpoint === '/.well-known/openid-configuration' && method === 'GET') {
    sendJson(response, 200, issuer.discovery(`http://${request.headers.host ?? 'localhost'}${base}`));
  } else if (endpoint === '/.well-known/jwks.json' && method === 'GET') {
    sendJson(response, 200, issuer.jwks());
  } else if (endpoint === '/token' && method === 'POST') {
    await serveToken(issuer, request, response);
  } else {
    sendJson(response, 404, { message: `no issuer endpoint ${method} ${url.pathname}` });
  }
  return true;
}

async function serveToken(
  issuer: LocalIssuer,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, TOKEN_REQUEST_LIMIT);
  if (body === 'too-large')
    return sendJson(response, 413, { message: `a token request is at most ${TOKEN_REQUEST_LIMIT} bytes` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return sendJson(response, 400, {
      message: 'the body must be JSON: {"voterId":"<voter id>"} or {"role":"auditor"}',
    });
  }
  try {
    const token = await mint(issuer, parseTokenRequest(parsed));
    sendJson(response, 200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS });
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    sendJson(response, 400, { message: error.message });
  }
}
