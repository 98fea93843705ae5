import { JwtAuthorizer } from '../auth/authorizer';
import type { LocalIssuer } from '../auth/issuer';
import type { HttpApiAuthorizerModel, HttpRouteModel, ServiceModel, StackModel } from '../model/types';
import { bucketFor, type ThrottleSetting, type TokenBucket } from './throttle';

/** API Gateway's identity source for a jwt authorizer that names none. */
const DEFAULT_IDENTITY_SOURCE = '$request.header.Authorization';

/** A route's jwt authorizer and the scopes it requires. */
export interface RouteGuard {
  authorizer: JwtAuthorizer;
  scopes: readonly string[];
}

/** What stands before a route's handler: its API's throttle, its authorizer. */
export interface RouteAccess {
  throttle?: TokenBucket;
  guard?: RouteGuard;
}

/**
 * The access rules of every route, built once from the model, and refused at start-up when the
 * local gateway could not enforce them as API Gateway would: an authorizer that is not jwt, or
 * whose issuer is not the local one (its keys cannot be fetched offline), or a route naming an
 * authorizer its API does not declare.
 */
export class AccessRules {
  private readonly buckets = new Map<string, TokenBucket | undefined>();
  private readonly authorizers = new Map<string, JwtAuthorizer>();

  constructor(
    model: StackModel,
    private readonly issuer: LocalIssuer | undefined,
    throttle: ThrottleSetting,
  ) {
    for (const service of model.services) {
      this.buckets.set(service.name, bucketFor(service.httpApi.throttle, throttle));
      for (const fn of service.functions) for (const route of fn.http) this.of(service, route);
    }
  }

  /** The rules of one route of `service` (each HTTP API, i.e. service, has its own throttle). */
  of(service: ServiceModel, route: HttpRouteModel): RouteAccess {
    const throttle = route.kind === 'httpApi' ? this.buckets.get(service.name) : undefined;
    if (!route.authorizer) return throttle ? { throttle } : {};
    const where = `${service.name}: route ${route.method} ${route.path}`;
    if (route.kind !== 'httpApi')
      throw new Error(`${where}: the local gateway enforces authorizers of httpApi routes only`);
    const declared = service.httpApi.authorizers[route.authorizer.name];
    if (!declared)
      throw new Error(
        `${where} names authorizer "${route.authorizer.name}", which provider.httpApi.authorizers does not declare`,
      );
    const authorizer = this.authorizerFor(service, declared, where);
    return { ...(throttle ? { throttle } : {}), guard: { authorizer, scopes: route.authorizer.authorizationScopes } };
  }

  private authorizerFor(service: ServiceModel, declared: HttpApiAuthorizerModel, where: string): JwtAuthorizer {
    const key = `${service.name}\u0000${declared.name}`;
    const known = this.authorizers.get(key);
    if (known) return known;
    const named = `${where}: authorizer "${declared.name}"`;
    if (declared.type !== 'jwt')
      throw new Error(`${named} is of type ${declared.type}; the local gateway enforces jwt authorizers only`);
    if (!declared.issuerUrl) throw new Error(`${named} declares no issuerUrl`);
    if (declared.audience.length === 0) throw new Error(`${named} declares no audience`);
    if (declared.identitySource.length > 1)
      throw new Error(
        `${named}: a jwt authorizer takes one identity source, got ${declared.identitySource.join(', ')}`,
      );
    if (!this.issuer || declared.issuerUrl !== this.issuer.url) {
      const local = this.issuer
        ? `the local issuer is ${this.issuer.url}`
        : 'no local issuer runs: it runs for a jwtIssuerUrl on localhost only';
      throw new Error(
        `${named} trusts issuer ${declared.issuerUrl}, whose tokens the local gateway cannot check offline (${local}); run the local stack for the local stage`,
      );
    }
    const authorizer = new JwtAuthorizer(
      {
        name: declared.name,
        identitySource: declared.identitySource[0] ?? DEFAULT_IDENTITY_SOURCE,
        issuerUrl: declared.issuerUrl,
        audience: declared.audience,
      },
      this.issuer.jwks(),
    );
    this.authorizers.set(key, authorizer);
    return authorizer;
  }
}
