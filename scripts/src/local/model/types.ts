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
