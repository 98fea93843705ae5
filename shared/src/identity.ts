/**
 * Who is calling, as the HTTP API's `jwt` authorizer established it. Handlers trust nothing
 * else: the token itself was validated (signature, issuer, audience, lifetime, route scopes) by
 * API Gateway, or locally by the gateway of `yarn start`, before the handler runs, and the
 * authorizer hands its claims over in `requestContext.authorizer.jwt`.
 */

/** The scope that lets a token read any audit stream (an auditor's client-credentials token). */
export const AUDITOR_SCOPE = 'evote/audit';

/** The caller of a request that passed the jwt authorizer. */
export interface Caller {
  /** The voter the token names (the configured voter claim), if it names one. */
  voterId?: string;
  /** The token's scopes (`scope`, space-separated, as Cognito access tokens carry them). */
  scopes: readonly string[];
}

/** The part of an HTTP API (payload 2.0) event this module reads. */
export interface AuthorizedRequest {
  requestContext?: {
    authorizer?: {
      jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: readonly string[] | null };
    };
  };
}

/**
 * The caller named by the authorizer's claims, or undefined when the request carries none (a
 * route without an authorizer, or a misconfigured one: the handler must then refuse).
 *
 * @param voterClaim the claim that names the voter (with a Cognito pool: `username`, which is
 *   the voter id); configurable because another OIDC issuer names its subject differently.
 */
export function callerOf(request: AuthorizedRequest, voterClaim: string): Caller | undefined {
  const jwt = request.requestContext?.authorizer?.jwt;
  if (!jwt?.claims) return undefined;
  const voter = jwt.claims[voterClaim];
  const scopes = jwt.scopes?.length ? [...jwt.scopes] : scopesOf(jwt.claims.scope);
  return { ...(typeof voter === 'string' && voter.length > 0 ? { voterId: voter } : {}), scopes };
}

/** Whether the caller holds the auditor scope. */
export function isAuditor(caller: Caller): boolean {
  return caller.scopes.includes(AUDITOR_SCOPE);
}

/**
 * API Gateway passes every claim as a string; a list claim arrives as `[a b]`. Cognito access
 * tokens carry `scope` as one space-separated string.
 */
function scopesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/\s+/)
    .filter((scope) => scope.length > 0);
}
