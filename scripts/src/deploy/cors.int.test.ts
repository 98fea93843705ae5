/**
 * The web app's pages, served from the CloudFront distribution, call four API Gateway domains:
 * the packaged templates (`sls package --stage ci`, no credentials) must let that one origin,
 * and no other, send what the pages send and read what they read; and the voters' sign-in must
 * send a voter back to the distribution, without a cycle in the events stack.
 */
import { repoRoot } from '../local/paths';
import { packagedTemplates } from './packaged';
import { SERVICES, type ServiceDir } from './package-all';
import { httpRoutes, render, type CfnTemplate } from './templates';

const STAGE = 'ci';
/** What the pages read in SSM, and what events writes there: one name. */
const WEB_ORIGIN_PARAMETER = `/evote/${STAGE}/web-origin`;
/** The distribution's origin, as events' template computes it when no webOrigin is given. */
const DISTRIBUTION_ORIGIN = {
  'Fn::If': ['HasWebOrigin', { Ref: 'WebOrigin' }, { 'Fn::Sub': 'https://${WebDistribution.DomainName}' }],
};

/** The template's Parameters section, which the shared CfnTemplate type does not name. */
type WithParameters = CfnTemplate & { Parameters?: Record<string, { Default?: unknown }> };

let templates: Record<ServiceDir, WithParameters>;

beforeAll(async () => {
  templates = await packagedTemplates(repoRoot(), STAGE);
}, 300_000);

const corsOf = (service: ServiceDir) =>
  templates[service].Resources.HttpApi?.Properties?.CorsConfiguration as Record<string, unknown>;

describe('CORS of every HTTP API', () => {
  it.each(SERVICES)('%s admits the headers the pages send and exposes those they read', (service) => {
    expect(corsOf(service)).toMatchObject({
      AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
      ExposeHeaders: ['etag', 'idempotent-replayed', 'www-authenticate', 'retry-after'],
      MaxAge: 3600,
    });
    // Tokens travel in Authorization, never in cookies.
    expect(corsOf(service).AllowCredentials).toBeUndefined();
  });

  it.each(SERVICES)('%s allows exactly the methods of its routes', (service) => {
    const methods = new Set(httpRoutes(templates[service]).map((route) => route.routeKey.split(' ')[0]));
    expect([...(corsOf(service).AllowMethods as string[])].sort()).toEqual([...methods].sort());
  });

  it("events allows its own distribution's origin, and publishes that origin in SSM", () => {
    expect(corsOf('events').AllowOrigins).toEqual([DISTRIBUTION_ORIGIN]);
    expect(templates.events.Resources.WebOriginParameter).toEqual({
      Type: 'AWS::SSM::Parameter',
      Properties: expect.objectContaining({ Name: WEB_ORIGIN_PARAMETER, Type: 'String', Value: DISTRIBUTION_ORIGIN }),
    });
    expect(templates.events.Parameters?.WebOrigin).toMatchObject({ Default: '' });
  });

  it.each(['voters', 'elections', 'audit'] as const)(
    '%s allows the origin events published, and only it',
    (service) => {
      expect(corsOf(service).AllowOrigins).toEqual([`{{resolve:ssm:${WEB_ORIGIN_PARAMETER}}}`]);
    },
  );

  it('no API allows any origin', () => {
    for (const service of SERVICES) expect(render(corsOf(service).AllowOrigins)).not.toContain('*');
  });
});

describe("the voters' sign-in", () => {
  it("sends the voter back to the distribution's address by default (the page's redirect_uri is its origin + /)", () => {
    const client = templates.events.Resources.VotersClient?.Properties ?? {};
    const byDefault = {
      'Fn::If': [
        'HasVotersCallbackUrls',
        { 'Fn::Split': [',', { Ref: 'VotersCallbackUrls' }] },
        [{ 'Fn::Sub': 'https://${WebDistribution.DomainName}/' }],
      ],
    };
    expect(client.CallbackURLs).toEqual(byDefault);
    expect(client.LogoutURLs).toEqual(byDefault);
    expect(templates.events.Parameters?.VotersCallbackUrls).toMatchObject({ Default: '' });
  });

  it('leaves no dependency cycle in the events stack (CloudFormation would refuse it)', () => {
    expect(dependencyCycle(templates.events)).toBeUndefined();
    // The check sees a cycle written the way the callback URL would close one.
    const looped: CfnTemplate = {
      Resources: {
        Client: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: { CallbackURLs: [{ 'Fn::Sub': 'https://${Cdn.DomainName}/' }] },
        },
        Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { Comment: { Ref: 'Client' } } },
      },
    };
    expect(dependencyCycle(looped)).toEqual(['Client', 'Cdn', 'Client']);
  });
});

/** A cycle among the resources (Ref, Fn::GetAtt, Fn::Sub names and DependsOn), or undefined. */
function dependencyCycle(template: CfnTemplate): string[] | undefined {
  const ids = new Set(Object.keys(template.Resources));
  const edges = new Map(
    Object.entries(template.Resources).map(([id, resource]) => {
      const named = new Set<string>();
      collectNames(resource.Properties, ids, named);
      for (const dependency of [resource.DependsOn ?? []].flat() as string[]) named.add(dependency);
      return [id, [...named]];
    }),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function collectNames(value: unknown, ids: Set<string>, into: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((item) => collectNames(item, ids, into));
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string' && ids.has(item)) into.add(item);
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(item) ? item[0] : String(item).split('.')[0];
      if (ids.has(String(target))) into.add(String(target));
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(item) ? String(item[0]) : String(item);
      for (const [, name] of text.matchAll(/\$\{([\w]+)(?:\.[\w.]+)?\}/g))
        if (ids.has(name as string)) into.add(name as string);
      if (Array.isArray(item)) collectNames(item[1], ids, into);
    } else collectNames(item, ids, into);
  }
}
