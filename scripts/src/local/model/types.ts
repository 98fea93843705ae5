/**
 * The local stack's view of the four services, read from their serverless.yml files. Every
 * name, route, rule, pattern and environment value here comes from those files; nothing is
 * listed a second time.
 */

export interface RetryPolicy {
  maximumRetryAttempts: number;
  /** Seconds. */
  maximumEventAge: number;
}

export interface RuleModel {
  /** Rule name as deployed (the `name` of the eventBridge event, or the framework's default). */
  name: string;
  busName: string;
  pattern: Record<string, unknown>;
  retryPolicy: RetryPolicy;
  /** Name of the SQS queue the rule dead-letters to, if it declares one. */
  deadLetterQueue?: string;
}

export interface HttpRouteModel {
  /** `httpApi` (payload 2.0) or `http` (REST API, payload 1.0). */
  kind: 'httpApi' | 'http';
  /** Upper-case method or `*`. */
  method: string;
  /** Path template, e.g. `/audit/{entityType}/{entityId}/events`. */
  path: string;
  /** The route's authorizer; absent for a public route. */
  authorizer?: RouteAuthorizerModel;
}

/** `authorizer` of an httpApi event: which of the API's authorizers guards the route. */
export interface RouteAuthorizerModel {
  /** Key in `provider.httpApi.authorizers`. */
  name: string;
  /**
   * The route's `AuthorizationScopes` (written `scopes` in serverless.yml): a token must carry
   * at least one of them. Empty: any valid token.
   */
  authorizationScopes: string[];
}

/** One of `provider.httpApi.authorizers`, resolved for the stage. */
export interface HttpApiAuthorizerModel {
  name: string;
  /** `jwt` or `request` (a Lambda authorizer); lower case. */
  type: string;
  /** Where the token is, e.g. `$request.header.Authorization`. */
  identitySource: string[];
  /** jwt: the `iss` every token must carry; its JWKS is found from it. */
  issuerUrl?: string;
  /** jwt: the accepted `aud` (or, without `aud`, `client_id`) values. */
  audience: string[];
}

/** The HTTP API stage's default route throttle (token bucket). */
export interface ThrottleModel {
  /** Steady requests per second (the bucket's refill rate). */
  rateLimit: number;
  /** Requests that may arrive at once (the bucket's size). */
  burstLimit: number;
}

/** The service's HTTP API: its authorizers and stage throttle. */
export interface HttpApiModel {
  authorizers: Record<string, HttpApiAuthorizerModel>;
  /** From `resources.extensions.HttpApiStage.Properties.DefaultRouteSettings`; absent: not throttled. */
  throttle?: ThrottleModel;
}

export interface FunctionModel {
  service: string;
  /** Key of the function in serverless.yml, e.g. `countVote`. */
  key: string;
  /** Deployed Lambda name, e.g. `evote-elections-local-countVote`. */
  name: string;
  /** Absolute path of the handler's source module (without extension) and its export. */
  handlerModule: string;
  handlerExport: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  /** Memory in MB (`memorySize` of the function or provider; the framework's default 1024). */
  memorySize: number;
  /** `arm64` or `x86_64` (the function's or provider's `architecture`; default x86_64). */
  architecture: string;
  http: HttpRouteModel[];
  rules: RuleModel[];
}

export interface TableModel {
  service: string;
  logicalId: string;
  properties: Record<string, unknown>;
  tableName: string;
}

export interface ServiceModel {
  name: string;
  dir: string;
  /** `custom.esbuild` of the service: the options the deploy bundles with. */
  esbuild: Record<string, unknown>;
  functions: FunctionModel[];
  tables: TableModel[];
  httpApi: HttpApiModel;
  /** The service's `params` for the stage (the stage's section over `default`), resolved. */
  params: Record<string, unknown>;
}

export interface StackModel {
  stage: string;
  region: string;
  accountId: string;
  services: ServiceModel[];
  /** CloudFormation exports across all services, resolved to plain values. */
  exports: Record<string, string>;
  /** Every bus the services declare (AWS::Events::EventBus resources). */
  buses: string[];
}
