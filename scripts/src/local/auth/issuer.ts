/** Over 250 lines because the key handling, discovery document, JWKS and token shapes must agree, so they live together. */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import { AUDITOR_SCOPE, IDENTIFIER_PATTERN } from '@evote/shared';
import type { StackModel } from '../model/types';
import { replaceFile } from '../files';

/** The one algorithm the local issuer signs with (what Cognito user pools use). */
const SIGNING_ALGORITHM = 'RS256';
/** Cognito's default access-token lifetime. */
export const TOKEN_LIFETIME_SECONDS = 3600;
/** The scope of a voter's token (a Cognito access token from the hosted sign-in carries it). */
const VOTER_SCOPE = 'openid';
const KEY_FILE = 'signing-key.json';

/** Who the local issuer is and for whom it mints: the stage's identity parameters. */
export interface IssuerIdentity {
  /** `iss` of every token; an identifier, not where the issuer listens. */
  issuerUrl: string;
  /** The voters' app client id (`client_id` of a voter's token). */
  voterAudience: string;
  /** The auditors' app client id. */
  auditorAudience: string;
}

/** The JSON Web Key Set the issuer publishes. */
export interface JsonWebKeySet {
  keys: JWK[];
}

/**
 * Whether the stack itself can be this issuer: an http(s) URL on this machine, served by the
 * gateway under its path. Any other issuer (a stage's Cognito pool) holds keys we do not have.
 */
export function isLocalIssuerUrl(issuerUrl: string): boolean {
  try {
    const url = new URL(issuerUrl);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) &&
      url.pathname.length > 1
    );
  } catch {
    return false;
  }
}

/**
 * The issuer's identity from the services' stage parameters (`jwtIssuerUrl`, `jwtAudience`,
 * `jwtAuditorAudience`, written once in the shared identity file). Undefined when no service
 * declares them; an error when two services disagree.
 */
export function issuerIdentityOf(model: StackModel): IssuerIdentity | undefined {
  const declaring = model.services.filter((service) => service.params.jwtIssuerUrl !== undefined);
  const [first] = declaring;
  if (!first) return undefined;
  const identityOf = (params: Record<string, unknown>, service: string): IssuerIdentity => {
    const value = (name: string) => {
      const found = params[name];
      if (typeof found !== 'string' || found.length === 0)
        throw new Error(
          `${service}: stage ${model.stage} parameter ${name} must be a non-empty string, got ${JSON.stringify(found)}`,
        );
      return found;
    };
    return {
      issuerUrl: value('jwtIssuerUrl'),
      voterAudience: value('jwtAudience'),
      auditorAudience: value('jwtAuditorAudience'),
    };
  };
  const identity = identityOf(first.params, first.name);
  for (const service of declaring.slice(1)) {
    const other = identityOf(service.params, service.name);
    if (JSON.stringify(other) !== JSON.stringify(identity))
      throw new Error(
        `${first.name} and ${service.name} declare different identity parameters for stage ${model.stage}: ${JSON.stringify(identity)} vs ${JSON.stringify(other)}`,
      );
  }
  return identity;
}

/**
 * The local OpenID Connect issuer that stands in for the stage's Cognito user pool: one RSA key
 * pair, a JWKS, and tokens shaped like Cognito access tokens. Every signature is made by `jose`.
 */
export class LocalIssuer {
  private constructor(
    readonly identity: IssuerIdentity,
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK & { kid: string },
  ) {}

  /**
   * The issuer with the key kept in `keyDir` (created there on first use), or with a fresh key
   * that lives only as long as the process when `keyDir` is undefined (`--in-memory`).
   */
  static async open(identity: IssuerIdentity, keyDir: string | undefined): Promise<LocalIssuer> {
    if (keyDir) {
      const kept = await LocalIssuer.load(identity, keyDir);
      if (kept) return kept;
    }
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(privateJwk);
    if (keyDir)
      writePrivately(
        path.join(keyDir, KEY_FILE),
        JSON.stringify({ ...privateJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' }),
      );
    return LocalIssuer.fromPrivateJwk(identity, { ...privateJwk, kid });
  }

  /** The issuer whose key is kept in `keyDir`, or undefined if none is kept there. */
  static async load(identity: IssuerIdentity, keyDir: string): Promise<LocalIssuer | undefined> {
    const file = path.join(keyDir, KEY_FILE);
    if (!fs.existsSync(file)) return undefined;
    let jwk: JWK;
    try {
      jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
      if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string')
        throw new Error('not a private RSA JWK with a kid');
    } catch (error) {
      throw new Error(
        `the local issuer's key ${file} is unreadable (${(error as Error).message}); delete it to get a new key (tokens signed with the old one stop working)`,
      );
    }
    return LocalIssuer.fromPrivateJwk(identity, jwk as JWK & { kid: string });
  }

  private static async fromPrivateJwk(identity: IssuerIdentity, jwk: JWK & { kid: string }): Promise<LocalIssuer> {
    const privateKey = (await importJWK(jwk, SIGNING_ALGORITHM)) as KeyLike;
    const { kty, n, e, kid } = jwk;
    return new LocalIssuer(identity, privateKey, { kty, n, e, kid, alg: SIGNING_ALGORITHM, use: 'sig' } as JWK & {
      kid: string;
    });
  }

  get url(): string {
    return this.identity.issuerUrl;
  }

  /** The id of the signing key (its RFC 7638 thumbprint): stable for a kept key. */
  get kid(): string {
    return this.publicJwk.kid;
  }

  jwks(): JsonWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  /**
   * The discovery document. `issuer` is the identifier tokens carry; the endpoints are given on
   * `baseUrl`, where this issuer is actually served (the gateway's port may not be the one the
   * identifier names).
   */
  discovery(baseUrl: string): Record<string, unknown> {
    const base = baseUrl.replace(/\/$/, '');
    return {
      issuer: this.url,
      jwks_uri: `${base}/.well-known/jwks.json`,
      token_endpoint: `${base}/token`,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      scopes_supported: [VOTER_SCOPE, AUDITOR_SCOPE],
      token_endpoint_auth_methods_supported: ['none'],
      claims_supported: ['iss', 'sub', 'client_id', 'token_use', 'scope', 'username', 'iat', 'exp', 'jti'],
    };
  }

  /** A voter's access token, as the voters' app client gets it from Cognito after sign-in. */
  async voterToken(voterId: string): Promise<string> {
    assertVoterId(voterId);
    return this.sign({
      sub: stableUuid(this.url, voterId),
      client_id: this.identity.voterAudience,
      token_use: 'access',
      scope: VOTER_SCOPE,
      username: voterId,
    });
  }

  /** An auditor's access token, as the auditors' app client gets it (client credentials). */
  auditorToken(): Promise<string> {
    const client = this.identity.auditorAudience;
    return this.sign({ sub: client, client_id: client, token_use: 'access', scope: AUDITOR_SCOPE });
  }

  /**
   * Signs `payload` exactly as given (no claim added or checked) under `kid`, with the issuer's
   * key. For tests that need a genuinely signed token with one claim wrong (another issuer, an
   * expired token): with a forged signature the signature check alone would refuse them.
   */
  signExactly(payload: JWTPayload, kid: string = this.kid): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' }).sign(this.privateKey);
  }

  private sign(claims: Record<string, string>): Promise<string> {
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

/** Voter ids are short opaque identifiers; anything else is refused before a token names it. */
const VOTER_ID = new RegExp(IDENTIFIER_PATTERN);

export function assertVoterId(voterId: unknown): asserts voterId is string {
  if (typeof voterId !== 'string' || !VOTER_ID.test(voterId)) {
    throw new TokenRequestError(`voterId must be 1 to 64 letters, digits, "_" or "-", got ${JSON.stringify(voterId)}`);
  }
}

/** A token request that cannot be granted (bad input); the HTTP endpoint answers it with 400. */
export class TokenRequestError extends Error {
  readonly code = 'INVALID_TOKEN_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'TokenRequestError';
  }
}

/** What `POST .../token` may ask for: `{"voterId": "..."}` or `{"role": "auditor"}`, nothing else. */
export type TokenRequest = { voterId: string } | { role: 'auditor' };

export function parseTokenRequest(body: unknown): TokenRequest {
  const shape = 'expected {"voterId":"<voter id>"} or {"role":"auditor"}';
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TokenRequestError(`the body must be a JSON object: ${shape}`);
  const keys = Object.keys(body);
  const fields = body as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === 'voterId') {
    assertVoterId(fields.voterId);
    return { voterId: fields.voterId };
  }
  if (keys.length === 1 && keys[0] === 'role') {
    if (fields.role !== 'auditor')
      throw new TokenRequestError(`role must be "auditor", got ${JSON.stringify(fields.role)}`);
    return { role: 'auditor' };
  }
  throw new TokenRequestError(`unexpected fields ${JSON.stringify(keys)}: ${shape}`);
}

export function mint(issuer: LocalIssuer, request: TokenRequest): Promise<string> {
  return 'voterId' in request ? issuer.voterToken(request.voterId) : issuer.auditorToken();
}

/**
 * A UUID named by the issuer and the voter (RFC 4122 version 5 layout), so a voter keeps one
 * `sub` across tokens as a Cognito user does.
 */
function stableUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(`${namespace}\n${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Writes a secret file readable by its owner only, whole or not at all. */
function writePrivately(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  replaceFile(file, text, { mode: 0o600 });
}
