import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ServiceModel, StackModel } from '../model/types';
import { LocalIssuer, TOKEN_LIFETIME_SECONDS, issuerIdentityOf, parseTokenRequest } from './issuer';

const identity = {
  issuerUrl: 'http://localhost:3000/_evote/issuer',
  voterAudience: 'evote-local-voters',
  auditorAudience: 'evote-local-auditors',
};

describe('local issuer', () => {
  let keyDir: string;
  beforeEach(() => {
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-issuer-'));
  });
  afterEach(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  it('keeps its key for a persistent stack (owner-only file) and makes a fresh one in memory', async () => {
    const first = await LocalIssuer.open(identity, keyDir);
    const again = await LocalIssuer.open(identity, keyDir);
    expect(again.kid).toBe(first.kid);
    expect(again.jwks()).toEqual(first.jwks());
    const file = path.join(keyDir, fs.readdirSync(keyDir)[0] as string);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await LocalIssuer.load(identity, keyDir))?.kid).toBe(first.kid);
    const inMemory = await LocalIssuer.open(identity, undefined);
    expect(inMemory.kid).not.toBe(first.kid);
    expect(await LocalIssuer.load(identity, path.join(keyDir, 'none'))).toBeUndefined();
  });

  it('publishes only the public half of its key', async () => {
    const issuer = await LocalIssuer.open(identity, undefined);
    const [key, ...others] = issuer.jwks().keys;
    expect(others).toHaveLength(0);
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: issuer.kid, e: 'AQAB' });
    expect(Object.keys(key ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('refuses an unreadable kept key with advice', async () => {
    fs.writeFileSync(path.join(keyDir, 'signing-key.json'), '{"kty":"oct"}');
    await expect(LocalIssuer.open(identity, keyDir)).rejects.toThrow(/unreadable .*delete it/);
  });

  it('mints voter tokens shaped like Cognito access tokens, one sub per voter', async () => {
    const issuer = await LocalIssuer.open(identity, undefined);
    const before = Math.floor(Date.now() / 1000);
    const token = await issuer.voterToken('b7a42e');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual([
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
      'token_use',
      'username',
    ]);
    expect(claims).toMatchObject({
      iss: identity.issuerUrl,
      client_id: 'evote-local-voters',
      token_use: 'access',
      scope: 'openid',
      username: 'b7a42e',
    });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect((claims.exp as number) - (claims.iat as number)).toBe(TOKEN_LIFETIME_SECONDS);
    const second = decodeJwt(await issuer.voterToken('b7a42e'));
    expect(second.sub).toBe(claims.sub);
    expect(second.jti).not.toBe(claims.jti);
    expect(decodeJwt(await issuer.voterToken('e579df')).sub).not.toBe(claims.sub);
  });

  it('mints auditor tokens for the auditors client with the audit scope', async () => {
    const issuer = await LocalIssuer.open(identity, undefined);
    const claims = decodeJwt(await issuer.auditorToken());
    expect(claims).toMatchObject({
      iss: identity.issuerUrl,
      sub: 'evote-local-auditors',
      client_id: 'evote-local-auditors',
      token_use: 'access',
      scope: 'evote/audit',
    });
    expect(claims.username).toBeUndefined();
  });

  it('refuses a voter id that is not an identifier', async () => {
    const issuer = await LocalIssuer.open(identity, undefined);
    for (const voterId of ['', 'a b', 'x'.repeat(65), '../etc', 'b7a42e"}'])
      await expect(issuer.voterToken(voterId)).rejects.toThrow(/voterId must be/);
  });

  it('describes itself in a discovery document whose endpoints are where it is served', async () => {
    const issuer = await LocalIssuer.open(identity, undefined);
    expect(issuer.discovery('http://127.0.0.1:41234/_evote/issuer')).toMatchObject({
      issuer: identity.issuerUrl,
      jwks_uri: 'http://127.0.0.1:41234/_evote/issuer/.well-known/jwks.json',
      token_endpoint: 'http://127.0.0.1:41234/_evote/issuer/token',
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});

describe('token requests', () => {
  it('accepts exactly a voter or the auditor role', () => {
    expect(parseTokenRequest({ voterId: 'b7a42e' })).toEqual({ voterId: 'b7a42e' });
    expect(parseTokenRequest({ role: 'auditor' })).toEqual({ role: 'auditor' });
  });

  it.each([
    [null, /JSON object/],
    [['b7a42e'], /JSON object/],
    [{}, /unexpected fields/],
    [{ voterId: 'b7a42e', role: 'auditor' }, /unexpected fields/],
    [{ voterId: 42 }, /voterId must be/],
    [{ role: 'admin' }, /role must be "auditor"/],
    [{ scope: 'evote/audit' }, /unexpected fields/],
  ])('refuses %j', (body, message) => {
    expect(() => parseTokenRequest(body)).toThrow(message);
  });
});

describe("the issuer's identity from the stage parameters", () => {
  const service = (name: string, params: Record<string, unknown>): ServiceModel => ({
    name,
    dir: name,
    esbuild: {},
    functions: [],
    tables: [],
    httpApi: { authorizers: {} },
    params,
  });
  const model = (services: ServiceModel[]): StackModel => ({
    stage: 'local',
    region: 'us-east-1',
    accountId: '0',
    services,
    exports: {},
    buses: [],
  });
  const params = {
    jwtIssuerUrl: identity.issuerUrl,
    jwtAudience: identity.voterAudience,
    jwtAuditorAudience: identity.auditorAudience,
  };

  it('reads jwtIssuerUrl, jwtAudience and jwtAuditorAudience', () => {
    expect(issuerIdentityOf(model([service('a', {}), service('b', params), service('c', params)]))).toEqual(identity);
    expect(issuerIdentityOf(model([service('a', {})]))).toBeUndefined();
  });

  it('refuses services that disagree, or a missing audience', () => {
    expect(() =>
      issuerIdentityOf(model([service('b', params), service('c', { ...params, jwtAudience: 'other' })])),
    ).toThrow(/b and c declare different identity parameters/);
    expect(() => issuerIdentityOf(model([service('b', { jwtIssuerUrl: identity.issuerUrl })]))).toThrow(
      /jwtAudience must be a non-empty string/,
    );
  });
});
