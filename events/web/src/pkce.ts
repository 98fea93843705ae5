/**
 * The authorization code flow with PKCE (RFC 7636) against Cognito's hosted sign-in: a public
 * client (a page keeps no secret) proves at the token endpoint that it started the sign-in.
 */
import type { Fetch } from './api';
import { readJson, send } from './api';

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier: 32 random bytes, 43 characters (the RFC's recommendation). */
export function newVerifier(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  return base64Url(random(new Uint8Array(32)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface AuthorizeRequest {
  cognitoDomain: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  /** Echoed back on the redirect; checked so a forged redirect cannot sign the page in. */
  state: string;
}

/** The hosted sign-in URL to send the voter to. */
export function authorizeUrl(request: AuthorizeRequest): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: 'openid',
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  });
  return `${request.cognitoDomain.replace(/\/+$/, '')}/oauth2/authorize?${query}`;
}

/** Exchanges the code the hosted sign-in returned for an access token. */
export async function exchangeCode(
  fetcher: Fetch,
  request: { cognitoDomain: string; clientId: string; redirectUri: string; code: string; verifier: string },
): Promise<string> {
  const response = await send(fetcher, `${request.cognitoDomain.replace(/\/+$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: request.clientId,
      code: request.code,
      redirect_uri: request.redirectUri,
      code_verifier: request.verifier,
    }).toString(),
  });
  return (await readJson<{ access_token: string }>(response)).access_token;
}
