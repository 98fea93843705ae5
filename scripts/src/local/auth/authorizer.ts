import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { JsonWebKeySet } from './issuer';

/** The only algorithms API Gateway's jwt authorizer accepts: RSA signatures. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. Locally the issuer and the gateway
 * share one clock, and token times are whole seconds, so only a token minted on another machine
 * can disagree by more than rounding; a few seconds absorb an ordinary NTP drift, while an
 * expired token is refused within moments of its `exp`.
 */
export const CLOCK_SKEW_SECONDS = 5;

/** A jwt authorizer of an HTTP API (`provider.httpApi.authorizers`), resolved for the stage. */
export interface JwtAuthorizerConfig {
  name: string;
  /** e.g. `$request.header.Authorization`; also `$request.querystring.<name>`. */
  identitySource: string;
  issuerUrl: string;
  /** Accepted `aud` values (or `client_id` values when the token has no `aud`). */
  audience: readonly string[];
}

/** The part of a request an authorizer reads. */
export interface AuthorizationRequest {
  /** Header names in lower case, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}

/** What the handler finds in `requestContext.authorizer.jwt`. */
export interface JwtContext {
  /** Every claim, as a string, as API Gateway passes them. */
  claims: Record<string, string>;
  /** The token's scopes when the route requires scopes; null when it does not (as in AWS). */
  scopes: string[] | null;
}

export type AuthorizationVerdict =
  | { allowed: true; jwt: JwtContext }
  | { allowed: false; status: 401 | 403; body: { message: string }; headers: Record<string, string>; reason: string };

/**
 * The HTTP API jwt authorizer, checking what API Gateway documents: the token from the identity
 * source (with or without `Bearer `), an RSA signature by the JWKS key named by `kid`, `iss`,
 * `aud` (or `client_id` without `aud`), `exp`, `nbf`, `iat`, and the route's scopes.
 */
export class JwtAuthorizer {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;
  private readonly kids: ReadonlySet<string>;
  private readonly source: { in: 'header' | 'querystring'; name: string };

  /**
   * @param jwks the issuer's key set (locally the in-process issuer's: nothing is fetched).
   * @param now the clock, in ms since the epoch (tests move it).
   */
  constructor(
    readonly config: JwtAuthorizerConfig,
    jwks: JsonWebKeySet,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = createLocalJWKSet(jwks);
    this.kids = new Set(jwks.keys.map((key) => key.kid).filter((kid): kid is string => typeof kid === 'string'));
    this.source = parseIdentitySource(config.identitySource);
  }

  async authorize(
    request: AuthorizationRequest,
    authorizationScopes: readonly string[],
  ): Promise<AuthorizationVerdict> {
    const raw = this.identity(request);
    if (raw === undefined) return unauthorized('Bearer', `no token in ${this.config.identitySource}`);
    const token = raw.replace(/^bearer\s+/i, '').trim();
    let payload: JWTPayload;
    try {
      payload = await this.verify(token);
    } catch (error) {
      const description = describe(error);
      return unauthorized(challenge('invalid_token', description), description);
    }
    const audienceProblem = this.audienceProblem(payload);
    if (audienceProblem) return unauthorized(challenge('invalid_token', audienceProblem), audienceProblem);
    const tokenScopes = scopesOf(payload);
    if (authorizationScopes.length > 0 && !authorizationScopes.some((scope) => tokenScopes.includes(scope))) {
      const description = `the token has none of the scopes ${authorizationScopes.join(', ')}`;
      return {
        allowed: false,
        status: 403,
        body: { message: 'Forbidden' },
        headers: { 'www-authenticate': challenge('insufficient_scope', description) },
        reason: description,
      };
    }
    return {
      allowed: true,
      jwt: { claims: stringifyClaims(payload), scopes: authorizationScopes.length > 0 ? tokenScopes : null },
    };
  }

  private identity(request: AuthorizationRequest): string | undefined {
    const value =
      this.source.in === 'header'
        ? request.headers[this.source.name]
        : (request.query.get(this.source.name) ?? undefined);
    const text = Array.isArray(value) ? value.join(',') : value;
    return text === undefined || text.trim() === '' ? undefined : text;
  }

  private async verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    if (!header.alg || !RSA_ALGORITHMS.includes(header.alg))
      throw new TokenProblem(`signing method ${String(header.alg)} is invalid`);
    if (typeof header.kid !== 'string') throw new TokenProblem('the token has no kid');
    if (!this.kids.has(header.kid))
      throw new TokenProblem(`no key with kid ${JSON.stringify(header.kid)} in the issuer's JWKS`);
    const { payload } = await jwtVerify(token, this.keys, {
      algorithms: RSA_ALGORITHMS,
      issuer: this.config.issuerUrl,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(this.now()),
    });
    if (typeof payload.iat === 'number' && payload.iat > this.now() / 1000 + CLOCK_SKEW_SECONDS)
      throw new TokenProblem('the token was issued in the future (iat)');
    return payload;
  }

  private audienceProblem(payload: JWTPayload): string | undefined {
    // API Gateway reads client_id only when the token has no aud (Cognito access tokens).
    if (payload.aud !== undefined) {
      const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      return audiences.some((audience) => this.config.audience.includes(audience))
        ? undefined
        : 'the token has an invalid audience (aud)';
    }
    if (payload.client_id === undefined) return 'the token has neither aud nor client_id';
    return typeof payload.client_id === 'string' && this.config.audience.includes(payload.client_id)
      ? undefined
      : 'the token has an invalid audience (client_id)';
  }
}

/** A reason a token is refused that the authorizer found itself (jose finds the others). */
class TokenProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenProblem';
  }
}

function parseIdentitySource(source: string): { in: 'header' | 'querystring'; name: string } {
  const found = /^\$request\.(header|querystring)\.([^.\s]+)$/.exec(source);
  if (!found)
    throw new Error(
      `identity source ${JSON.stringify(source)} is not supported locally: use $request.header.<name> or $request.querystring.<name>`,
    );
  const where = found[1] as 'header' | 'querystring';
  const name = found[2] as string;
  return { in: where, name: where === 'header' ? name.toLowerCase() : name };
}

/** A description for `www-authenticate` and the log, never an echo of the token. */
function describe(error: unknown): string {
  if (error instanceof TokenProblem) return error.message;
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token has an invalid issuer (iss)';
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf)';
    if (error.claim === 'exp') return 'the token has no valid expiry (exp)';
    return `the token's ${error.claim} claim is invalid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing method is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the issuer's JWKS matches the token";
  return 'the token is malformed';
}

function unauthorized(wwwAuthenticate: string, reason: string): AuthorizationVerdict {
  return {
    allowed: false,
    status: 401,
    body: { message: 'Unauthorized' },
    headers: { 'www-authenticate': wwwAuthenticate },
    reason,
  };
}

function challenge(error: string, description: string): string {
  return `Bearer error="${error}" error_description="${description.replace(/["\\]/g, "'")}"`;
}

/** `scope` (Cognito, space-separated) or `scp` (a list or a string), as API Gateway reads them. */
function scopesOf(payload: JWTPayload): string[] {
  const claim = payload.scope ?? payload.scp;
  const list = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return list.filter((scope) => scope.length > 0);
}

/**
 * Every claim as the string API Gateway hands over: numbers and booleans in plain text, a list
 * as `[a b]` (as observed from API Gateway); an object in the same style as
 * `map[key:value ...]`, keys in order (our choice: no token this system mints carries one).
 */
export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, claimText(value)]));
}

function claimText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${claimText(item)}`).join(' ')}]`;
  }
  return String(value);
}
