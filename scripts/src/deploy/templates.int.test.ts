/**
 * Packages the four services (`sls package --stage ci`, no AWS credentials) and checks the
 * CloudFormation they would deploy: routing (source AND detail-type), retries and dead letters,
 * least-privilege IAM, table safety settings, the bus exports, and the trust boundary (a jwt
 * authorizer on every route but the public ones, the Cognito pool and its clients, throttling), and
 * the web app's hosting (a private bucket read by CloudFront only, through origin access control).
 * Over 250 lines because every check reads the same templates, and packaging the four services
 * once, in `beforeAll`, is what the suite costs.
 */
import { DetailType, Source } from '@evote/shared';
import { repoRoot } from '../local/paths';
import { packageAll, SERVICES, type ServiceDir } from './package-all';
import {
  asList,
  httpRoutes,
  policyStatements,
  readTemplate,
  render,
  resourcesOfType,
  type CfnResource,
  type CfnTemplate,
  type PolicyStatement,
} from './templates';

const STAGE = 'ci';
const BUS_NAME_IMPORT = `\${import:evote-${STAGE}-EventBusName}`;
const BUS_ARN_IMPORT = `\${import:evote-${STAGE}-EventBusArn}`;

interface Consumer {
  service: ServiceDir;
  fn: string;
  source: unknown[];
  detailTypes: string[];
}

/** The event flow's consumers (the README's diagram): the source and detail-types each rule must match. */
const CONSUMERS: Consumer[] = [
  { service: 'voters', fn: 'ballotSubmitted', source: [Source.Events], detailTypes: [DetailType.BallotSubmitted] },
  { service: 'elections', fn: 'ballotVerified', source: [Source.Voters], detailTypes: [DetailType.BallotVerified] },
  { service: 'elections', fn: 'saveVote', source: [Source.Elections], detailTypes: [DetailType.VoteCast] },
  { service: 'elections', fn: 'countVote', source: [Source.Elections], detailTypes: [DetailType.VoteCast] },
  {
    service: 'elections',
    fn: 'electionLifecycle',
    source: [Source.Elections],
    detailTypes: [DetailType.ElectionOpened, DetailType.ElectionClosed, DetailType.ElectionCertified],
  },
  { service: 'audit', fn: 'auditEvent', source: [{ prefix: 'evote.' }], detailTypes: Object.values(DetailType) },
];

/** The source each service may publish as; audit publishes nothing. */
const PUBLISHERS: Partial<Record<ServiceDir, { source: Source; busArn: string }>> = {
  events: { source: Source.Events, busArn: '${EventBus.Arn}' },
  voters: { source: Source.Voters, busArn: BUS_ARN_IMPORT },
  elections: { source: Source.Elections, busArn: BUS_ARN_IMPORT },
};

const templates = {} as Record<ServiceDir, CfnTemplate>;

beforeAll(async () => {
  const run = await packageAll({ root: repoRoot(), stage: STAGE });
  const times = run.results.map((result) => `${result.service} ${(result.ms / 1000).toFixed(1)} s`).join(', ');
  process.stdout.write(
    `sls package --stage ${STAGE}: ${(run.totalMs / 1000).toFixed(1)} s wall clock, ${run.concurrency} at a time (${times})\n`,
  );
  for (const result of run.results) templates[result.service] = readTemplate(result.templatePath);
}, 300_000);

const lambdaLogicalId = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}LambdaFunction`;

function ruleOf(consumer: Consumer): CfnResource {
  const rules = resourcesOfType(templates[consumer.service], 'AWS::Events::Rule').filter(([, rule]) =>
    asList(rule.Properties?.Targets as { Arn: unknown }[]).some(
      (target) => render(target.Arn) === `\${${lambdaLogicalId(consumer.fn)}.Arn}`,
    ),
  );
  expect(rules).toHaveLength(1);
  return (rules[0] as [string, CfnResource])[1];
}

function targetOf(rule: CfnResource): Record<string, unknown> {
  const targets = asList(rule.Properties?.Targets as Record<string, unknown>[]);
  expect(targets).toHaveLength(1);
  return targets[0] as Record<string, unknown>;
}

/** `${Queue.Arn}` -> `Queue`, asserting it names an SQS queue of the same template. */
function queueOf(template: CfnTemplate, arn: unknown): string {
  const match = /^\$\{(\w+)\.Arn\}$/.exec(render(arn));
  const logicalId = match?.[1] ?? '';
  expect(template.Resources[logicalId]?.Type).toBe('AWS::SQS::Queue');
  return logicalId;
}

const ruleArn = (name: string) =>
  `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${BUS_NAME_IMPORT}/${name}`;

describe.each(CONSUMERS)('the $service $fn rule', (consumer) => {
  const ruleName = `evote-${STAGE}-${consumer.service}-${consumer.fn}`;

  it('is named for the stage and listens on the evote bus, imported by name', () => {
    const rule = ruleOf(consumer);
    expect(rule.Properties?.Name).toBe(ruleName);
    expect(render(rule.Properties?.EventBusName)).toBe(BUS_NAME_IMPORT);
    expect(rule.Properties?.State).toBe('ENABLED');
  });

  it('matches on source AND detail-type', () => {
    const pattern = ruleOf(consumer).Properties?.EventPattern as Record<string, unknown>;
    expect(pattern.source).toEqual(consumer.source);
    expect(pattern['detail-type']).toEqual(consumer.detailTypes);
  });

  it('has a retry policy and dead-letters to a queue of its own', () => {
    const target = targetOf(ruleOf(consumer));
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: expect.any(Number),
      MaximumEventAgeInSeconds: expect.any(Number),
    });
    const queue = queueOf(templates[consumer.service], (target.DeadLetterConfig as { Arn: unknown }).Arn);
    const others = CONSUMERS.filter((other) => other !== consumer && other.service === consumer.service);
    for (const other of others) {
      expect(
        queueOf(templates[other.service], (targetOf(ruleOf(other)).DeadLetterConfig as { Arn: unknown }).Arn),
      ).not.toBe(queue);
    }
  });

  it('lets only this rule send to its queue (the QueuePolicy the framework does not write)', () => {
    const template = templates[consumer.service];
    const queue = queueOf(template, (targetOf(ruleOf(consumer)).DeadLetterConfig as { Arn: unknown }).Arn);
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
      asList(policy.Properties?.Queues).some((ref) => render(ref) === `\${${queue}}`),
    );
    expect(policies).toHaveLength(1);
    const statements = asList(
      (policies[0]?.[1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
      }),
    ]);
    const condition = (statements[0] as { Condition: { ArnEquals: Record<string, unknown> } }).Condition;
    expect(Object.keys(condition)).toEqual(['ArnEquals']);
    expect(render(condition.ArnEquals['aws:SourceArn'])).toBe(ruleArn(ruleName));
  });

  it('grants EventBridge invoke permission for exactly this rule (bus imported by name, not ARN)', () => {
    const permissions = resourcesOfType(templates[consumer.service], 'AWS::Lambda::Permission').filter(
      ([, permission]) =>
        permission.Properties?.Principal === 'events.amazonaws.com' &&
        render(permission.Properties?.FunctionName) === `\${${lambdaLogicalId(consumer.fn)}.Arn}`,
    );
    expect(permissions.map(([, permission]) => render(permission.Properties?.SourceArn))).toEqual([ruleArn(ruleName)]);
  });

  it("sends the function's own failed async invocations to the same queue", () => {
    const template = templates[consumer.service];
    const queue = queueOf(template, (targetOf(ruleOf(consumer)).DeadLetterConfig as { Arn: unknown }).Arn);
    const fn = template.Resources[lambdaLogicalId(consumer.fn)];
    expect(render((fn?.Properties?.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn)).toBe(
      `\${${queue}.Arn}`,
    );
  });
});

describe.each(SERVICES.map((service) => ({ service })))('the $service template', ({ service }) => {
  it('has one rule per consumer and no other', () => {
    const expected = CONSUMERS.filter((consumer) => consumer.service === service).map(
      (consumer) => `evote-${STAGE}-${service}-${consumer.fn}`,
    );
    const names = resourcesOfType(templates[service], 'AWS::Events::Rule').map(([, rule]) => rule.Properties?.Name);
    expect(names.sort()).toEqual(expected.sort());
  });

  it('allows no "*" action or resource in any statement', () => {
    const violations: string[] = [];
    for (const { owner, statement } of policyStatements(templates[service])) {
      // A Deny may be broad (the framework's deployment bucket denies s3:* without TLS).
      if (statement.Effect === 'Deny') continue;
      const broad = [
        ...asList(statement.Action).filter((action) => /^(\*|[\w-]+:\*)$/.test(action)),
        ...asList(statement.Resource).filter((resource) => resource === '*'),
        ...(statement.NotAction || statement.NotResource ? ['NotAction/NotResource'] : []),
        ...(statement.Principal === '*' || (statement.Principal as { AWS?: unknown } | undefined)?.AWS === '*'
          ? ['Principal *']
          : []),
      ];
      if (broad.length > 0) violations.push(`${owner}: ${broad.join(', ')} in ${JSON.stringify(statement)}`);
    }
    expect(violations).toEqual([]);
  });

  it('limits events:PutEvents to the bus, as its own source only', () => {
    const puts = policyStatements(templates[service]).filter(({ statement }) =>
      asList(statement.Action).some((action) => action.startsWith('events:')),
    );
    const publisher = PUBLISHERS[service];
    if (!publisher) {
      expect(puts).toEqual([]);
      return;
    }
    // One per role that publishes: the functions' and, in elections, the election schedules' (scheduler.int.test.ts).
    expect(puts.length).toBeGreaterThanOrEqual(1);
    for (const { statement } of puts) {
      expect(statement.Effect).toBe('Allow');
      expect(asList(statement.Action)).toEqual(['events:PutEvents']);
      expect(asList(statement.Resource).map(render)).toEqual([publisher.busArn]);
      expect(statement.Condition).toEqual({ StringEquals: { 'events:source': publisher.source } });
    }
  });

  it('protects every table: point-in-time recovery, deletion protection, on-demand, stage-scoped name', () => {
    for (const [logicalId, table] of resourcesOfType(templates[service], 'AWS::DynamoDB::Table')) {
      expect({ logicalId, ...table.Properties }).toMatchObject({
        logicalId,
        TableName: expect.stringMatching(new RegExp(`^evote-${STAGE}-`)),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    }
  });

  it('runs every function on nodejs22.x with no ${cf:} lookups left in the template', () => {
    for (const [, fn] of resourcesOfType(templates[service], 'AWS::Lambda::Function'))
      expect(fn.Properties?.Runtime).toBe('nodejs22.x');
    expect(JSON.stringify(templates[service])).not.toMatch(/\$\{cf:/);
  });
});

describe('the tables', () => {
  it.each([
    ['voters', 'VOTERS_TABLE', 'VotersTable'],
    ['elections', 'ELECTIONS_TABLE', 'ElectionsTable'],
    ['audit', 'AUDIT_TABLE', 'AuditTable'],
  ] as const)('%s owns its table and passes it as %s', (service, variable, logicalId) => {
    expect(templates[service].Resources[logicalId]?.Type).toBe('AWS::DynamoDB::Table');
    for (const [, fn] of resourcesOfType(templates[service], 'AWS::Lambda::Function')) {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(render(variables[variable])).toBe(`\${${logicalId}}`);
      if (service !== 'audit') expect(render(variables.EVENT_BUS_NAME)).toBe(BUS_NAME_IMPORT);
    }
  });

  it('gives the audit table its events-by-type index', () => {
    const props = templates.audit.Resources.AuditTable?.Properties ?? {};
    expect(props.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
      }),
    ]);
  });
});

describe('the events template', () => {
  it('creates the stage bus and archives it', () => {
    const template = templates.events;
    expect(resourcesOfType(template, 'AWS::Events::EventBus').map(([id, bus]) => [id, bus.Properties?.Name])).toEqual([
      ['EventBus', `evote-${STAGE}`],
    ]);
    const archives = resourcesOfType(template, 'AWS::Events::Archive').map(([, archive]) => archive.Properties ?? {});
    expect(archives).toEqual([
      expect.objectContaining({ SourceArn: { 'Fn::GetAtt': ['EventBus', 'Arn'] }, RetentionDays: expect.any(Number) }),
    ]);
    expect(archives[0]?.EventPattern).toBeUndefined(); // everything on the bus
  });

  it('exports the bus name and ARN for the other stacks', () => {
    const exported = Object.values(templates.events.Outputs ?? {})
      .filter((output) => output.Export)
      .map((output) => [render(output.Export?.Name), render(output.Value)]);
    expect(exported).toEqual(
      expect.arrayContaining([
        [`evote-${STAGE}-EventBusName`, '${EventBus.Name}'],
        [`evote-${STAGE}-EventBusArn`, '${EventBus.Arn}'],
      ]),
    );
  });

  it('routes POST /events to createEvent', () => {
    const routes = resourcesOfType(templates.events, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties?.RouteKey,
    );
    expect(routes).toEqual(['POST /events']);
  });
});

/** The only routes anyone may call without a token: the elections on the ballot, and results. */
const PUBLIC_ROUTES = ['GET /elections', 'GET /elections/{electionId}/results'];

/** The issuer and audiences every authorizer of a service must trust. */
const TRUSTED: Record<ServiceDir, { issuer: string; audience: string[] }> = {
  // events owns the pool: its own resources. The others import what events exports.
  events: {
    issuer: 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}',
    audience: ['${VotersClient}', '${AuditorsClient}'],
  },
  voters: {
    issuer: `\${import:evote-${STAGE}-JwtIssuerUrl}`,
    audience: [`\${import:evote-${STAGE}-JwtAudience}`, `\${import:evote-${STAGE}-JwtAuditorAudience}`],
  },
  elections: {
    issuer: `\${import:evote-${STAGE}-JwtIssuerUrl}`,
    audience: [`\${import:evote-${STAGE}-JwtAudience}`, `\${import:evote-${STAGE}-JwtAuditorAudience}`],
  },
  audit: {
    issuer: `\${import:evote-${STAGE}-JwtIssuerUrl}`,
    audience: [`\${import:evote-${STAGE}-JwtAudience}`, `\${import:evote-${STAGE}-JwtAuditorAudience}`],
  },
};

describe.each(
  Object.entries(TRUSTED).map(([service, trusted]) => ({ service: service as keyof typeof TRUSTED, trusted })),
)('the $service HTTP API', ({ service, trusted }) => {
  it('puts the jwt authorizer, with the stage issuer and both audiences, on every route but the public ones', () => {
    const routes = httpRoutes(templates[service]);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes.filter((candidate) => !PUBLIC_ROUTES.includes(candidate.routeKey))) {
      expect({ route: route.routeKey, type: route.authorizationType, authorizer: route.authorizer?.Type }).toEqual({
        route: route.routeKey,
        type: 'JWT',
        authorizer: 'AWS::ApiGatewayV2::Authorizer',
      });
      const props = route.authorizer?.Properties ?? {};
      const jwt = props.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
      expect(props).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
      expect({ issuer: render(jwt.Issuer), audience: jwt.Audience.map(render) }).toEqual(trusted);
    }
  });

  it('leaves the public routes, and only them, open', () => {
    const open = httpRoutes(templates[service]).filter(
      (route) => route.authorizer === undefined || route.authorizationType !== 'JWT',
    );
    expect(open.map((route) => route.routeKey).sort()).toEqual(PUBLIC_ROUTES.filter(() => service === 'elections'));
    for (const route of open) expect(route.authorizationType ?? 'NONE').toBe('NONE');
  });

  it('tells every function behind an authorizer which claim names the voter', () => {
    for (const route of httpRoutes(templates[service]).filter((candidate) => candidate.authorizer)) {
      const fn = templates[service].Resources[route.functionId ?? ''];
      const variables = (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect({ route: route.routeKey, claim: variables.VOTER_CLAIM }).toEqual({
        route: route.routeKey,
        claim: 'username',
      });
    }
  });
});

describe.each(SERVICES.map((service) => ({ service })))('the $service throttling', ({ service }) => {
  it('rate-limits every HTTP API stage (every service with a route has one)', () => {
    const stages = resourcesOfType(templates[service], 'AWS::ApiGatewayV2::Stage');
    const apis = resourcesOfType(templates[service], 'AWS::ApiGatewayV2::Api');
    expect(stages).toHaveLength(apis.length);
    if (httpRoutes(templates[service]).length > 0) expect(apis).toHaveLength(1);
    for (const [logicalId, stage] of stages) {
      const settings = stage.Properties?.DefaultRouteSettings as
        { ThrottlingRateLimit?: unknown; ThrottlingBurstLimit?: unknown } | undefined;
      expect({ logicalId, rate: settings?.ThrottlingRateLimit, burst: settings?.ThrottlingBurstLimit }).toEqual({
        logicalId,
        rate: expect.any(Number),
        burst: expect.any(Number),
      });
      expect(Number(settings?.ThrottlingRateLimit)).toBeGreaterThan(0);
      expect(Number(settings?.ThrottlingBurstLimit)).toBeGreaterThan(0);
    }
  });
});

describe('the identity resources of the events template', () => {
  const clientNamed = (suffix: string) => {
    const clients = resourcesOfType(templates.events, 'AWS::Cognito::UserPoolClient').filter(([, client]) =>
      String(client.Properties?.ClientName).endsWith(suffix),
    );
    expect(clients).toHaveLength(1);
    return (clients[0] as [string, CfnResource])[1].Properties ?? {};
  };

  it('creates one user pool, stage-named, whose users only an administrator creates', () => {
    const pools = resourcesOfType(templates.events, 'AWS::Cognito::UserPool');
    expect(pools.map(([id]) => id)).toEqual(['UserPool']);
    expect(pools[0]?.[1].Properties).toMatchObject({
      UserPoolName: `evote-${STAGE}`,
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    for (const other of SERVICES.filter((service) => service !== 'events'))
      expect(resourcesOfType(templates[other], 'AWS::Cognito::UserPool')).toEqual([]);
  });

  it('gives voters a public client (no secret) that signs in with a password or the code flow', () => {
    const voters = clientNamed('-voters');
    expect(render(voters.UserPoolId)).toBe('${UserPool}');
    expect(voters.GenerateSecret).toBe(false);
    expect(voters.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']));
    expect(voters.AllowedOAuthFlows).toEqual(['code']);
  });

  it('gives auditors a confidential client that gets only the audit scope, by client credentials', () => {
    const auditors = clientNamed('-auditors');
    expect(render(auditors.UserPoolId)).toBe('${UserPool}');
    expect(auditors).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['evote/audit'],
    });
    const servers = resourcesOfType(templates.events, 'AWS::Cognito::UserPoolResourceServer').map(
      ([, server]) => server.Properties ?? {},
    );
    expect(servers).toEqual([
      expect.objectContaining({ Identifier: 'evote', Scopes: [expect.objectContaining({ ScopeName: 'audit' })] }),
    ]);
    expect(resourcesOfType(templates.events, 'AWS::Cognito::UserPoolDomain')).toHaveLength(1);
  });

  it('exports the issuer, both audiences and the pool for the other stacks and the tools', () => {
    const exported = Object.values(templates.events.Outputs ?? {})
      .filter((output) => output.Export)
      .map((output) => [render(output.Export?.Name), render(output.Value)]);
    expect(exported).toEqual(
      expect.arrayContaining([
        [`evote-${STAGE}-JwtIssuerUrl`, TRUSTED.events.issuer],
        [`evote-${STAGE}-JwtAudience`, '${VotersClient}'],
        [`evote-${STAGE}-JwtAuditorAudience`, '${AuditorsClient}'],
        [`evote-${STAGE}-UserPoolId`, '${UserPool}'],
      ]),
    );
  });

  it('keeps idempotency keys in a table whose items expire (TTL)', () => {
    const tables = resourcesOfType(templates.events, 'AWS::DynamoDB::Table').map(([, table]) => table.Properties ?? {});
    expect(tables).toEqual([
      expect.objectContaining({
        TableName: `evote-${STAGE}-idempotency`,
        TimeToLiveSpecification: { AttributeName: expect.any(String), Enabled: true },
      }),
    ]);
  });
});

/** The routes each HTTP API serves; every one but PUBLIC_ROUTES is behind the authorizer (above). */
const ROUTES: Record<ServiceDir, string[]> = {
  events: ['POST /events'],
  voters: ['GET /voters/{voterId}/ballots'],
  elections: [
    'GET /audit/elections/{electionId}/results',
    'GET /elections',
    'GET /elections/{electionId}/results',
    'GET /elections/{electionId}/votes/{voteId}',
  ],
  audit: ['GET /audit/{entityType}/{entityId}/events'],
};

describe.each(SERVICES.map((service) => ({ service })))('the $service routes', ({ service }) => {
  it('are exactly the read and write API of the service', () => {
    expect(
      httpRoutes(templates[service])
        .map((route) => route.routeKey)
        .sort(),
    ).toEqual(ROUTES[service]);
  });
});

/** The DynamoDB actions of a service's role, by the resource they are granted on. */
function dynamoGrants(service: ServiceDir): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const { statement } of policyStatements(templates[service])) {
    const actions = asList(statement.Action).filter((action) => action.startsWith('dynamodb:'));
    if (statement.Effect !== 'Allow' || actions.length === 0) continue;
    for (const resource of asList(statement.Resource).map(render))
      grants[resource] = [...(grants[resource] ?? []), ...actions].sort();
  }
  return grants;
}

describe('least privilege of the read routes', () => {
  it('lets voters read (GetItem, Query) and update its own table, and nothing else', () => {
    expect(dynamoGrants('voters')).toEqual({
      '${VotersTable.Arn}': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    });
  });

  it('lets elections list elections by a Query of its catalog index only, never a Scan', () => {
    const grants = dynamoGrants('elections');
    expect(grants['${ElectionsTable.Arn}/index/catalog']).toEqual(['dynamodb:Query']);
    expect(Object.values(grants).flat()).not.toContain('dynamodb:Scan');
    const index = asList(
      templates.elections.Resources.ElectionsTable?.Properties?.GlobalSecondaryIndexes as {
        IndexName: string;
        Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
      }[],
    ).find((candidate) => candidate.IndexName === 'catalog');
    // The index never carries a tally: a count writes nothing to it.
    expect(index?.Projection.ProjectionType).toBe('INCLUDE');
    expect(index?.Projection.NonKeyAttributes).not.toContain('voteCount');
    expect(index?.Projection.NonKeyAttributes).not.toContain('countedAt');
  });
});

describe("the web app's hosting (events)", () => {
  /** The one resource of a type, the framework's own deployment bucket (and its policy) aside. */
  const one = (type: string): [string, CfnResource] => {
    const found = resourcesOfType(templates.events, type).filter(([id]) => !id.startsWith('ServerlessDeployment'));
    expect(found).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };

  it('keeps the files in a private, encrypted bucket whose objects the account owns (no ACLs)', () => {
    const [, bucket] = one('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [expect.anything()] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.Properties?.WebsiteConfiguration).toBeUndefined();
  });

  it('serves them through CloudFront with origin access control, HTTPS only, index.html at the root', () => {
    const [bucketId] = one('AWS::S3::Bucket');
    const [oacId, oac] = one('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties?.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [, distribution] = one('AWS::CloudFront::Distribution');
    const config = distribution.Properties?.DistributionConfig as {
      DefaultRootObject: string;
      Origins: {
        DomainName: unknown;
        OriginAccessControlId: unknown;
        S3OriginConfig?: { OriginAccessIdentity: string };
      }[];
      DefaultCacheBehavior: { ViewerProtocolPolicy: string };
    };
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins).toHaveLength(1);
    expect(render(config.Origins[0]?.DomainName)).toBe(`\${${bucketId}.RegionalDomainName}`);
    expect(render(config.Origins[0]?.OriginAccessControlId)).toBe(`\${${oacId}.Id}`);
    // No legacy origin access identity anywhere.
    expect(config.Origins[0]?.S3OriginConfig?.OriginAccessIdentity).toBe('');
    expect(resourcesOfType(templates.events, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
  });

  it('lets only that distribution read the bucket (AWS:SourceArn), and nothing else in', () => {
    const [bucketId] = one('AWS::S3::Bucket');
    const [distributionId] = one('AWS::CloudFront::Distribution');
    const [, policy] = one('AWS::S3::BucketPolicy');
    expect(render(policy.Properties?.Bucket)).toBe(`\${${bucketId}}`);
    const statements = asList((policy.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    const [allow] = allows as [PolicyStatement];
    expect(allow).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(render(allow.Resource)).toBe(`\${${bucketId}.Arn}/*`);
    expect(Object.keys(allow.Condition ?? {})).toEqual(['StringEquals']);
    expect(render(allow.Condition?.StringEquals?.['AWS:SourceArn'])).toBe(
      `arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${distributionId}}`,
    );
  });

  it('outputs the bucket name and the distribution domain for the upload step', () => {
    const outputs = Object.values(templates.events.Outputs ?? {}).map((output) => render(output.Value));
    const [bucketId] = one('AWS::S3::Bucket');
    const [distributionId] = one('AWS::CloudFront::Distribution');
    expect(outputs).toEqual(
      expect.arrayContaining([`\${${bucketId}}`, `\${${distributionId}}`, `\${${distributionId}.DomainName}`]),
    );
  });
});
