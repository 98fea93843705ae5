import { LocalIssuer } from '../auth/issuer';
import type { HttpApiAuthorizerModel, HttpRouteModel, ServiceModel, StackModel } from '../model/types';
import { AccessRules } from './access';

const ISSUER = 'http://localhost:3000/_evote/issuer';
const jwt: HttpApiAuthorizerModel = {
  name: 'evoteJwt',
  type: 'jwt',
  identitySource: ['$request.header.Authorization'],
  issuerUrl: ISSUER,
  audience: ['evote-local-voters', 'evote-local-auditors'],
};
const guarded: HttpRouteModel = {
  kind: 'httpApi',
  method: 'POST',
  path: '/events',
  authorizer: { name: 'evoteJwt', authorizationScopes: [] },
};
const scoped: HttpRouteModel = {
  kind: 'httpApi',
  method: 'GET',
  path: '/audit/{entityType}/{entityId}/events',
  authorizer: { name: 'evoteJwt', authorizationScopes: ['evote/audit'] },
};
const open: HttpRouteModel = { kind: 'httpApi', method: 'GET', path: '/elections/{electionId}/results' };

function model(routes: HttpRouteModel[], authorizer: HttpApiAuthorizerModel = jwt): StackModel {
  const service: ServiceModel = {
    name: 'evote-api',
    dir: 'api',
    esbuild: {},
    tables: [],
    params: {},
    httpApi: { authorizers: { evoteJwt: authorizer }, throttle: { rateLimit: 1, burstLimit: 1 } },
    functions: routes.map((route, index) => ({
      service: 'evote-api',
      key: `fn${index}`,
      name: `fn${index}`,
      handlerModule: '',
      handlerExport: 'handler',
      environment: {},
      timeoutSeconds: 6,
      memorySize: 256,
      architecture: 'arm64',
      http: [route],
      rules: [],
    })),
  };
  return { stage: 'local', region: 'us-east-1', accountId: '0', services: [service], exports: {}, buses: [] };
}

describe("the gateway's access rules, from the model", () => {
  let issuer: LocalIssuer;
  beforeAll(async () => {
    issuer = await LocalIssuer.open(
      { issuerUrl: ISSUER, voterAudience: 'evote-local-voters', auditorAudience: 'evote-local-auditors' },
      undefined,
    );
  });

  it("guards each route with its API's authorizer and scopes, and one throttle per API", () => {
    const stack = model([guarded, scoped, open]);
    const rules = new AccessRules(stack, issuer, 'model');
    const service = stack.services[0] as ServiceModel;
    const [events, audit, results] = [guarded, scoped, open].map((route) => rules.of(service, route));
    expect(events?.guard?.scopes).toEqual([]);
    expect(events?.guard?.authorizer.config).toEqual({
      name: 'evoteJwt',
      identitySource: '$request.header.Authorization',
      issuerUrl: ISSUER,
      audience: jwt.audience,
    });
    expect(audit?.guard?.scopes).toEqual(['evote/audit']);
    expect(audit?.guard?.authorizer).toBe(events?.guard?.authorizer);
    expect(results?.guard).toBeUndefined();
    expect(results?.throttle).toBe(events?.throttle);
    expect(results?.throttle?.limits).toEqual({ rateLimit: 1, burstLimit: 1 });
    expect(new AccessRules(stack, issuer, 'off').of(service, open).throttle).toBeUndefined();
  });

  it('refuses to start when a route trusts an issuer other than the local one', () => {
    const cognito = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc';
    expect(() => new AccessRules(model([guarded], { ...jwt, issuerUrl: cognito }), issuer, 'model')).toThrow(
      `trusts issuer ${cognito}, whose tokens the local gateway cannot check offline`,
    );
    expect(() => new AccessRules(model([guarded]), undefined, 'model')).toThrow(/no local issuer runs/);
  });

  it('refuses an authorizer it cannot enforce as API Gateway would', () => {
    expect(() => new AccessRules(model([guarded], { ...jwt, type: 'request' }), issuer, 'model')).toThrow(
      /type request; the local gateway enforces jwt authorizers only/,
    );
    expect(() => new AccessRules(model([guarded], { ...jwt, audience: [] }), issuer, 'model')).toThrow(
      /declares no audience/,
    );
    expect(
      () =>
        new AccessRules(
          model([{ ...guarded, authorizer: { name: 'other', authorizationScopes: [] } }]),
          issuer,
          'model',
        ),
    ).toThrow(/names authorizer "other", which provider.httpApi.authorizers does not declare/);
    expect(() => new AccessRules(model([{ ...guarded, kind: 'http' }]), issuer, 'model')).toThrow(
      /httpApi routes only/,
    );
  });
});
