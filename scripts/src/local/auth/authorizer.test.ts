/** Over 250 lines because it is the authorizer's attack table: one case per documented check. */
import {
  SignJWT,
  UnsecuredJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import {
  CLOCK_SKEW_SECONDS,
  JwtAuthorizer,
  stringifyClaims,
  type AuthorizationRequest,
  type AuthorizationVerdict,
  type JwtAuthorizerConfig,
} from './authorizer';
import { LocalIssuer } from './issuer';

const ISSUER = 'http://localhost:3000/_evote/issuer';
const VOTERS = 'evote-local-voters';
const AUDITORS = 'evote-local-auditors';
const KID = 'trusted-key';
const NOW = 1_900_000_000; // seconds; the authorizer's clock is fixed here
/** The authorizer as the services declare it: the token in the Authorization header, for voters and auditors. */
const EVOTE_JWT: JwtAuthorizerConfig = {
  name: 'evoteJwt',
  identitySource: '$request.header.Authorization',
  issuerUrl: ISSUER,
  audience: [VOTERS, AUDITORS],
};

let trusted: { privateKey: KeyLike; publicKey: KeyLike };
let stranger: { privateKey: KeyLike; publicKey: KeyLike };
let authorizer: JwtAuthorizer;

beforeAll(async () => {
  trusted = await generateKeyPair('RS256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(trusted.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  authorizer = new JwtAuthorizer(EVOTE_JWT, { keys: [jwk] }, () => NOW * 1000);
});

/** A Cognito-shaped voter access token; `claims` and `header` override its parts. */
function voterClaims(claims: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    sub: '2f0a0f4e-0000-5000-8000-000000000000',
    client_id: VOTERS,
    token_use: 'access',
    scope: 'openid',
    username: 'b7a42e',
    iat: NOW - 10,
    exp: NOW + 3600,
    jti: 'j1',
    ...claims,
  };
}

function sign(claims: JWTPayload, options: { key?: KeyLike; alg?: string; kid?: string | null } = {}): Promise<string> {
  const kid = options.kid === undefined ? KID : options.kid;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', typ: 'JWT', ...(kid === null ? {} : { kid }) })
    .sign(options.key ?? trusted.privateKey);
}

/** A request that carries `token` in its Authorization header. */
function bearer(token: string): AuthorizationRequest {
  return { headers: { authorization: `Bearer ${token}` }, query: new URLSearchParams() };
}

function ask(authorization: string | undefined, scopes: string[] = []): Promise<AuthorizationVerdict> {
  return authorizer.authorize(
    { headers: authorization === undefined ? {} : { authorization }, query: new URLSearchParams() },
    scopes,
  );
}

async function expectRefused(authorization: string | undefined, reason: RegExp): Promise<void> {
  const verdict = await ask(authorization);
  expect(verdict).toMatchObject({ allowed: false, status: 401, body: { message: 'Unauthorized' } });
  if (verdict.allowed) return;
  expect(verdict.reason).toMatch(reason);
  expect(verdict.headers['www-authenticate']).toMatch(/^Bearer/);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('jwt authorizer: what API Gateway checks', () => {
  it('accepts a valid token with and without the Bearer prefix, and hands over every claim as a string', async () => {
    const token = await sign(voterClaims());
    for (const authorization of [`Bearer ${token}`, token, `bearer  ${token}`]) {
      const verdict = await ask(authorization);
      expect(verdict).toEqual({
        allowed: true,
        jwt: {
          claims: { ...stringifyClaims(voterClaims()), iat: String(NOW - 10), exp: String(NOW + 3600) },
          scopes: null,
        },
      });
    }
    const verdict = await ask(token);
    expect(verdict.allowed && verdict.jwt.claims.username).toBe('b7a42e');
  });

  it('refuses a request without a token, with a bare Bearer challenge', async () => {
    await expectRefused(undefined, /no token/);
    await expectRefused('   ', /no token/);
    const verdict = await ask(undefined);
    expect(!verdict.allowed && verdict.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses garbage, and says why in www-authenticate without echoing the token', async () => {
    await expectRefused('Bearer not-a-jwt', /malformed/);
    await expectRefused('Bearer a.b.c', /malformed/);
    const verdict = await ask('Bearer secret-garbage');
    expect(!verdict.allowed && verdict.headers['www-authenticate']).toBe(
      'Bearer error="invalid_token" error_description="the token is malformed"',
    );
  });

  it('refuses alg none', async () => {
    const unsigned = new UnsecuredJWT(voterClaims()).encode();
    await expectRefused(`Bearer ${unsigned}`, /signing method none is invalid/);
    const withKid = `${base64url({ alg: 'none', kid: KID, typ: 'JWT' })}.${base64url(voterClaims())}.`;
    await expectRefused(withKid, /signing method none is invalid/);
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const pem = await exportSPKI(trusted.publicKey);
    const jwk = JSON.stringify(await exportJWK(trusted.publicKey));
    for (const secret of [pem, jwk]) {
      await expectRefused(
        await sign(voterClaims(), { alg: 'HS256', key: new TextEncoder().encode(secret) as unknown as KeyLike }),
        /signing method HS256 is invalid/,
      );
    }
  });

  it('refuses a key that is not RSA, even under a trusted kid', async () => {
    const ec = await generateKeyPair('ES256');
    await expectRefused(
      await sign(voterClaims(), { alg: 'ES256', key: ec.privateKey }),
      /signing method ES256 is invalid/,
    );
    const pss = await generateKeyPair('PS256');
    await expectRefused(
      await sign(voterClaims(), { alg: 'PS256', key: pss.privateKey }),
      /signing method PS256 is invalid/,
    );
  });

  it('refuses a token signed by a key not in the JWKS, under the trusted kid', async () => {
    await expectRefused(await sign(voterClaims(), { key: stranger.privateKey }), /signature does not verify/);
  });

  it('refuses a kid the JWKS does not have, and a token without a kid', async () => {
    await expectRefused(await sign(voterClaims(), { kid: 'someone-else' }), /no key with kid "someone-else"/);
    await expectRefused(await sign(voterClaims(), { kid: null }), /no kid/);
  });

  it('refuses another issuer, and no issuer', async () => {
    await expectRefused(
      await sign(voterClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_evil' })),
      /invalid issuer/,
    );
    await expectRefused(await sign(voterClaims({ iss: `${ISSUER}/` })), /invalid issuer/);
    const { iss: _dropped, ...withoutIssuer } = voterClaims();
    await expectRefused(await sign(withoutIssuer), /invalid issuer/);
  });

  it('refuses a wrong audience: aud is judged when present, client_id only without aud', async () => {
    await expectRefused(await sign(voterClaims({ client_id: 'another-app' })), /invalid audience \(client_id\)/);
    await expectRefused(await sign(voterClaims({ aud: 'another-app' })), /invalid audience \(aud\)/);
    // A right client_id does not rescue a wrong aud.
    await expectRefused(
      await sign(voterClaims({ aud: ['another-app'], client_id: VOTERS })),
      /invalid audience \(aud\)/,
    );
    const { client_id: _dropped, ...neither } = voterClaims();
    await expectRefused(await sign(neither), /neither aud nor client_id/);
  });

  it('accepts client_id when aud is absent, and aud (a string or a list) when present', async () => {
    expect((await ask(await sign(voterClaims({ client_id: AUDITORS })))).allowed).toBe(true);
    const { client_id: _dropped, ...withoutClientId } = voterClaims();
    expect((await ask(await sign({ ...withoutClientId, aud: VOTERS }))).allowed).toBe(true);
    expect((await ask(await sign({ ...withoutClientId, aud: ['x', AUDITORS] }))).allowed).toBe(true);
  });

  it('refuses an expired token and one without exp, beyond the allowed skew', async () => {
    await expectRefused(await sign(voterClaims({ exp: NOW - CLOCK_SKEW_SECONDS - 1 })), /expired/);
    const { exp: _dropped, ...withoutExpiry } = voterClaims();
    await expectRefused(await sign(withoutExpiry), /expiry/);
    expect((await ask(await sign(voterClaims({ exp: NOW - CLOCK_SKEW_SECONDS + 2 })))).allowed).toBe(true);
  });

  it('refuses a token not yet valid (nbf) or issued in the future (iat), beyond the allowed skew', async () => {
    await expectRefused(await sign(voterClaims({ nbf: NOW + CLOCK_SKEW_SECONDS + 60 })), /not valid yet/);
    await expectRefused(await sign(voterClaims({ iat: NOW + CLOCK_SKEW_SECONDS + 60 })), /issued in the future/);
    await expectRefused(await sign(voterClaims({ iat: 'yesterday' as unknown as number })), /iat/);
    expect(
      (await ask(await sign(voterClaims({ nbf: NOW + CLOCK_SKEW_SECONDS - 1, iat: NOW + CLOCK_SKEW_SECONDS - 1 }))))
        .allowed,
    ).toBe(true);
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await sign(voterClaims())).split('.');
    await expectRefused(
      `${header}.${base64url(voterClaims({ username: 'e579df' }))}.${signature}`,
      /signature does not verify/,
    );
    await expectRefused(
      `${header}.${base64url(voterClaims({ scope: 'openid evote/audit' }))}.${signature}`,
      /signature does not verify/,
    );
  });

  it("answers 403 when the token has none of the route's scopes, and passes the scopes when it has one", async () => {
    const voter = await sign(voterClaims());
    const refused = await ask(`Bearer ${voter}`, ['evote/audit']);
    expect(refused).toMatchObject({ allowed: false, status: 403, body: { message: 'Forbidden' } });
    expect(!refused.allowed && refused.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope"/);
    const auditor = await sign(voterClaims({ scope: 'evote/audit', client_id: AUDITORS, username: undefined }));
    expect(await ask(auditor, ['evote/audit', 'admin'])).toMatchObject({
      allowed: true,
      jwt: { scopes: ['evote/audit'], claims: { scope: 'evote/audit' } },
    });
    expect(
      await ask(await sign(voterClaims({ scope: undefined, scp: ['a', 'evote/audit'] })), ['evote/audit']),
    ).toMatchObject({ allowed: true, jwt: { scopes: ['a', 'evote/audit'] } });
  });

  it('refuses an 8 KB token without trouble, signed or not', async () => {
    const padded = voterClaims({ padding: 'x'.repeat(6000) });
    const forged = await sign(padded, { key: stranger.privateKey });
    expect(forged.length).toBeGreaterThan(8000);
    await expectRefused(`Bearer ${forged}`, /signature does not verify/);
    await expectRefused(`Bearer ${'A'.repeat(8192)}`, /malformed/);
  });

  it('reads the token from a query string identity source too', async () => {
    const fromQuery = new JwtAuthorizer(
      { name: 'q', identitySource: '$request.querystring.token', issuerUrl: ISSUER, audience: [VOTERS] },
      { keys: [{ ...(await exportJWK(trusted.publicKey)), kid: KID }] },
      () => NOW * 1000,
    );
    const token = await sign(voterClaims());
    expect(
      (await fromQuery.authorize({ headers: { authorization: `Bearer ${token}` }, query: new URLSearchParams() }, []))
        .allowed,
    ).toBe(false);
    expect((await fromQuery.authorize({ headers: {}, query: new URLSearchParams({ token }) }, [])).allowed).toBe(true);
    expect(
      () =>
        new JwtAuthorizer(
          { name: 'c', identitySource: '$context.identity', issuerUrl: ISSUER, audience: [VOTERS] },
          { keys: [] },
        ),
    ).toThrow(/not supported locally/);
  });
});

describe('jwt authorizer and the local issuer', () => {
  it("accepts the issuer's voter and auditor tokens against its JWKS, and refuses them once expired", async () => {
    const issuer = await LocalIssuer.open(
      { issuerUrl: ISSUER, voterAudience: VOTERS, auditorAudience: AUDITORS },
      undefined,
    );
    let now = Date.now();
    const gate = new JwtAuthorizer(EVOTE_JWT, issuer.jwks(), () => now);
    const voter = await gate.authorize(bearer(await issuer.voterToken('b7a42e')), []);
    expect(voter).toMatchObject({
      allowed: true,
      jwt: { claims: { username: 'b7a42e', client_id: VOTERS, token_use: 'access', scope: 'openid', iss: ISSUER } },
    });
    expect(await gate.authorize(bearer(await issuer.auditorToken()), ['evote/audit'])).toMatchObject({
      allowed: true,
      jwt: { claims: { client_id: AUDITORS, sub: AUDITORS }, scopes: ['evote/audit'] },
    });
    const voterToken = await issuer.voterToken('b7a42e');
    now += 3600 * 1000 + (CLOCK_SKEW_SECONDS + 1) * 1000;
    expect(await gate.authorize(bearer(voterToken), [])).toMatchObject({
      allowed: false,
      status: 401,
      reason: 'the token has expired',
    });
  });
});

describe('tokens signed exactly as given by the issuer (what the attack table forges with)', () => {
  it('are accepted with valid claims and refused for the one claim that is wrong', async () => {
    const issuer = await LocalIssuer.open(
      { issuerUrl: ISSUER, voterAudience: VOTERS, auditorAudience: AUDITORS },
      undefined,
    );
    const gate = new JwtAuthorizer(EVOTE_JWT, issuer.jwks());
    const now = Math.floor(Date.now() / 1000);
    const valid = {
      iss: ISSUER,
      client_id: VOTERS,
      token_use: 'access',
      scope: 'openid',
      username: 'b7a42e',
      iat: now,
      exp: now + 3600,
    };
    expect(await gate.authorize(bearer(await issuer.signExactly(valid)), [])).toMatchObject({
      allowed: true,
      jwt: { claims: { username: 'b7a42e' } },
    });
    expect(
      await gate.authorize(bearer(await issuer.signExactly({ ...valid, iss: 'https://issuer.example.com' })), []),
    ).toMatchObject({ allowed: false, status: 401 });
    expect(await gate.authorize(bearer(await issuer.signExactly(valid, 'another-kid')), [])).toMatchObject({
      allowed: false,
      status: 401,
    });
  });
});

describe('claims as API Gateway passes them', () => {
  it('turns numbers, booleans, lists and objects into strings', () => {
    expect(
      stringifyClaims({ exp: 1787996002, admin: true, groups: ['a', 'b'], nested: { z: 1, a: [2, 3] }, gone: null }),
    ).toEqual({ exp: '1787996002', admin: 'true', groups: '[a b]', nested: 'map[a:[2 3] z:1]', gone: '' });
  });
});
