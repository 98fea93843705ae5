import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadStackModel } from './load';

/**
 * A repository root with four small services, written the way the real ones declare identity:
 * `params` from a shared file, a jwt authorizer on the HTTP API, routes naming it (one public),
 * and the stage's throttle as a CloudFormation extension of the framework's HttpApiStage.
 */
function fixtureRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-model-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write(
    'shared/serverless/identity.yml',
    [
      'local:',
      '  jwtIssuerUrl: http://localhost:3000/_evote/issuer',
      '  jwtAudience: evote-local-voters',
      '  jwtAuditorAudience: evote-local-auditors',
      '  apiThrottleRate: 7',
      'default:',
      '  apiThrottleRate: 100',
      '  apiThrottleBurst: 200',
      '',
    ].join('\n'),
  );
  const api = (service: string, functions: string) =>
    [
      `service: ${service}`,
      'params: ${file(../shared/serverless/identity.yml)}',
      'provider:',
      '  name: aws',
      '  stage: ${opt:stage, "dev"}',
      '  httpApi:',
      '    authorizers:',
      '      evoteJwt:',
      '        type: jwt',
      '        identitySource: $request.header.Authorization',
      '        issuerUrl: ${param:jwtIssuerUrl}',
      '        audience:',
      '          - ${param:jwtAudience}',
      '          - ${param:jwtAuditorAudience}',
      'functions:',
      functions,
      'resources:',
      '  extensions:',
      '    HttpApiStage:',
      '      Properties:',
      '        DefaultRouteSettings:',
      '          ThrottlingRateLimit: ${param:apiThrottleRate}',
      '          ThrottlingBurstLimit: ${param:apiThrottleBurst}',
      '',
    ].join('\n');
  write(
    'events/serverless.yml',
    api(
      'evote-events',
      [
        '  createEvent:',
        '    handler: src/createEvent.handler',
        '    events:',
        '      - httpApi:',
        '          method: POST',
        '          path: /events',
        '          authorizer:',
        '            name: evoteJwt',
      ].join('\n'),
    ),
  );
  write(
    'elections/serverless.yml',
    api(
      'evote-elections',
      [
        '  results:',
        '    handler: src/results.handler',
        '    events:',
        '      - httpApi:',
        '          method: GET',
        '          path: /elections/{electionId}/results',
      ].join('\n'),
    ),
  );
  write(
    'audit/serverless.yml',
    api(
      'evote-audit',
      [
        '  readEvents:',
        '    handler: src/readEvents.handler',
        '    events:',
        '      - httpApi:',
        '          method: GET',
        '          path: /audit/{entityType}/{entityId}/events',
        '          authorizer:',
        '            name: evoteJwt',
        '            scopes: [evote/audit, openid]',
      ].join('\n'),
    ),
  );
  write('voters/serverless.yml', 'service: evote-voters\nprovider:\n  name: aws\n');
  return root;
}

describe('stack model: identity and throttling from serverless.yml', () => {
  let root: string;
  beforeAll(() => {
    root = fixtureRoot();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads each HTTP API authorizer with its parameters resolved for the stage', async () => {
    const model = await loadStackModel({ root, stage: 'local' });
    const events = model.services.find((service) => service.name === 'evote-events');
    expect(events?.httpApi.authorizers).toEqual({
      evoteJwt: {
        name: 'evoteJwt',
        type: 'jwt',
        identitySource: ['$request.header.Authorization'],
        issuerUrl: 'http://localhost:3000/_evote/issuer',
        audience: ['evote-local-voters', 'evote-local-auditors'],
      },
    });
    expect(events?.params).toMatchObject({
      jwtAudience: 'evote-local-voters',
      apiThrottleRate: 7,
      apiThrottleBurst: 200,
    });
    expect(model.services.find((service) => service.name === 'evote-voters')?.httpApi).toEqual({ authorizers: {} });
  });

  it("reads each route's authorizer and scopes, and leaves a public route without one", async () => {
    const model = await loadStackModel({ root, stage: 'local' });
    const routes = Object.fromEntries(
      model.services.flatMap((service) => service.functions).map((fn) => [fn.key, fn.http[0]]),
    );
    expect(routes.createEvent).toEqual({
      kind: 'httpApi',
      method: 'POST',
      path: '/events',
      authorizer: { name: 'evoteJwt', authorizationScopes: [] },
    });
    expect(routes.readEvents?.authorizer).toEqual({ name: 'evoteJwt', authorizationScopes: ['evote/audit', 'openid'] });
    expect(routes.results).toEqual({ kind: 'httpApi', method: 'GET', path: '/elections/{electionId}/results' });
  });

  it("reads the stage throttle: the stage's params over the defaults", async () => {
    const local = await loadStackModel({ root, stage: 'local' });
    expect(local.services.find((service) => service.name === 'evote-audit')?.httpApi.throttle).toEqual({
      rateLimit: 7,
      burstLimit: 200,
    });
    const other = await loadStackModel({
      root,
      stage: 'dev',
      params: { jwtIssuerUrl: 'https://issuer.example', jwtAudience: 'a', jwtAuditorAudience: 'b' },
    });
    const audit = other.services.find((service) => service.name === 'evote-audit');
    expect(audit?.httpApi.throttle).toEqual({ rateLimit: 100, burstLimit: 200 });
    expect(audit?.httpApi.authorizers.evoteJwt?.issuerUrl).toBe('https://issuer.example');
  });

  it('refuses a throttle that is not a number', async () => {
    await expect(loadStackModel({ root, stage: 'local', params: { apiThrottleBurst: 'lots' } })).rejects.toThrow(
      /ThrottlingBurstLimit .*"lots"/,
    );
  });
});
