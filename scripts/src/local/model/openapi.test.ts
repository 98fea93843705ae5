import { JWT_SECURITY_SCHEME, openApiDocument } from '@evote/shared';
import { repoRoot } from '../paths';
import { loadStackModel } from './load';

/**
 * The OpenAPI document against the routes the four serverless.yml files declare, read as the
 * local stack and the deploy read them: the same routes, no more, and the same ones guarded.
 */

interface RouteView {
  route: string;
  /** The authorizer's scopes; absent on a public route. */
  scopes?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is plain JSON
type Operation = Record<string, any>;

async function declaredRoutes(): Promise<RouteView[]> {
  const model = await loadStackModel({ root: repoRoot(), stage: 'local' });
  return model.services
    .flatMap((service) => service.functions.flatMap((fn) => fn.http))
    .map((http) => {
      expect(http.kind).toBe('httpApi');
      expect(http.authorizer?.name ?? JWT_SECURITY_SCHEME).toBe(JWT_SECURITY_SCHEME);
      const route = `${http.method} ${http.path}`;
      return http.authorizer ? { route, scopes: http.authorizer.authorizationScopes } : { route };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

function documentedRoutes(): RouteView[] {
  const paths = openApiDocument().paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => {
        const route = `${method.toUpperCase()} ${path}`;
        const requirement = (operation.security as Record<string, string[]>[]).find(
          (candidate) => JWT_SECURITY_SCHEME in candidate,
        );
        return requirement ? { route, scopes: requirement[JWT_SECURITY_SCHEME] ?? [] } : { route };
      }),
    )
    .sort((a, b) => a.route.localeCompare(b.route));
}

describe('the OpenAPI document and serverless.yml', () => {
  it('describe exactly the same routes, guarded by the same authorizer with the same scopes', async () => {
    const declared = await declaredRoutes();
    expect(documentedRoutes()).toEqual(declared);
    // The two public routes are public on purpose (README, "Identity and access"); the rest are guarded.
    expect(declared.filter((route) => route.scopes === undefined).map((route) => route.route)).toEqual([
      'GET /elections',
      'GET /elections/{electionId}/results',
    ]);
  });
});
