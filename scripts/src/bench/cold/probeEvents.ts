/**
 * One realistic event per function for the cold-start probes, chosen from the function's own
 * triggers in serverless.yml: an API Gateway proxy event for an HTTP route, or the bus envelope
 * of the first detail-type its rule matches. Every event is about a fresh ballot, so the handler
 * does its full work (a ballot nobody submitted yet, a vote nobody counted yet).
 */
import { randomBytes } from 'node:crypto';
import { AUDITOR_SCOPE, DetailType, Source } from '@evote/shared';
import type { FunctionModel, HttpRouteModel } from '../../local/model/types';
import { envelope, type BallotFacts } from '../workload/facts';
import { ballotRequest, type BenchBallot } from '../workload/workload';

export interface ProbeSubject {
  ballot: BenchBallot;
  facts: BallotFacts;
  /** Values for path parameters by name (electionId, entityType, entityId, ...). */
  pathValues: Record<string, string>;
}

/** The event to invoke `fn` with, or undefined when none of its triggers can be built. */
export function probeEvent(fn: FunctionModel, subject: ProbeSubject): unknown {
  const route = fn.http[0];
  if (route) return httpEvent(route, subject, fn.environment.VOTER_CLAIM);
  for (const rule of fn.rules) {
    const types = rule.pattern['detail-type'];
    for (const type of Array.isArray(types) ? types : []) {
      const event = busEvent(String(type), subject);
      if (event) return event;
    }
  }
  return undefined;
}

function busEvent(detailType: string, { facts, ballot }: ProbeSubject): unknown {
  if (detailType === facts.submitted['detail-type']) return facts.submitted;
  const electionId = ballot.votes[0]?.electionId;
  if (detailType === DetailType.ElectionOpened && electionId) {
    // The ballot's first election opens (again: the handler records it once, as it would a redelivery).
    const detail = { correlationId: electionId, electionId, scheduledAt: new Date().toISOString() };
    return envelope(DetailType.ElectionOpened, Source.Elections, detail, facts.submitted);
  }
  if (detailType === facts.verified['detail-type']) return facts.verified;
  if (detailType === facts.voteCasts[0]?.['detail-type']) return facts.voteCasts[0];
  return undefined;
}

function httpEvent(route: HttpRouteModel, subject: ProbeSubject, voterClaim: string | undefined): unknown {
  const method = route.method === '*' ? 'GET' : route.method;
  const pathParameters: Record<string, string> = {};
  const rawPath = route.path.replace(
    /\{([^}+]+)\+?\}/g,
    (_match, name: string) => (pathParameters[name] = subject.pathValues[name] ?? 'unknown'),
  );
  const body = method === 'POST' ? JSON.stringify(ballotRequest(subject.ballot)) : undefined;
  const headers = { 'content-type': 'application/json', host: 'localhost', 'user-agent': 'evote-bench' };
  const requestId = randomBytes(10).toString('base64');
  const now = new Date();
  const params = Object.keys(pathParameters).length ? pathParameters : undefined;
  if (route.kind === 'http') {
    return {
      resource: route.path,
      path: rawPath,
      httpMethod: method,
      headers,
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: params ?? null,
      stageVariables: null,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        httpMethod: method,
        path: rawPath,
        requestId,
        requestTimeEpoch: now.getTime(),
        resourcePath: route.path,
        stage: 'local',
      },
      body: body ?? null,
      isBase64Encoded: false,
    };
  }
  const routeKey = `${method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers,
    ...(params ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'evote-bench' },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(route.authorizer ? { authorizer: { jwt: authorizedAs(method, subject, voterClaim) } } : {}),
    },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
  };
}

/**
 * What the jwt authorizer hands a guarded route once the token passed: the ballot's own voter
 * for a POST (their ballot is accepted), an auditor for a read (any stream is readable), so the
 * probe measures the handler's full work, not a refusal.
 */
function authorizedAs(
  method: string,
  subject: ProbeSubject,
  voterClaim: string | undefined,
): { claims: Record<string, string>; scopes: null } {
  if (method === 'POST') {
    if (!voterClaim)
      throw new Error('a guarded POST route whose function has no VOTER_CLAIM: the probe cannot name the voter');
    return { claims: { token_use: 'access', scope: 'openid', [voterClaim]: subject.ballot.voterId }, scopes: null };
  }
  return { claims: { token_use: 'access', scope: AUDITOR_SCOPE }, scopes: null };
}
