/**
 * The OpenAPI 3.1 description of every HTTP route, built from the very schemas the validators
 * are compiled from (request body, path and query parameters) and from the response schemas.
 * No schema is written here: a route only says which schema it takes and which answers it gives.
 * `shared/scripts/generate-openapi.ts` writes it to docs/openapi.json; `yarn start` serves it.
 *
 * Over 250 lines because it describes every route with its parameters, security and each error response.
 */
import { identifierSchema } from './common';
import { ballotRequestSchema } from './ballotRequest';
import {
  auditEventsQuerySchema,
  electionResultsQuerySchema,
  voterBallotsQuerySchema,
  voteStatusQuerySchema,
} from './queries';
import {
  auditEventsResponseSchema,
  ballotAcceptedResponseSchema,
  electionListResponseSchema,
  electionResultsResponseSchema,
  errorResponseSchema,
  gatewayErrorSchema,
  voteStatusResponseSchema,
  voterBallotsResponseSchema,
} from './responses';

/** The name every guarded route's authorizer has in serverless.yml, and its security scheme's here. */
export const JWT_SECURITY_SCHEME = 'evoteJwt';

type Json = Readonly<Record<string, unknown>>;

/** A query schema of contracts/queries.ts: its properties become the route's parameters. */
interface ParameterSchema {
  readonly properties: Readonly<Record<string, Json>>;
  readonly required: readonly string[];
}

/** One route, as the document needs it; `guarded` routes declare the jwt authorizer. */
interface RouteSpec {
  readonly service: 'events' | 'voters' | 'elections' | 'audit';
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly guarded: boolean;
  readonly parameters?: ParameterSchema;
  /** What each parameter means, where its schema alone does not say it. */
  readonly parameterNotes?: Readonly<Record<string, string>>;
  readonly headers?: readonly Json[];
  readonly requestBody?: Json;
  readonly responses: Readonly<Record<string, Json>>;
}

const ref = (kind: 'schemas' | 'responses', name: string): Json => ({ $ref: `#/components/${kind}/${name}` });

function jsonContent(schema: Json): Json {
  return { 'application/json': { schema } };
}

/** A function's refusal: `{message, errors}`. */
function refusal(description: string, headers?: Json): Json {
  return { description, ...(headers ? { headers } : {}), content: jsonContent(ref('schemas', 'Error')) };
}

const stringHeader = (description: string): Json => ({ description, schema: { type: 'string' } });

/**
 * Every route. Built on demand, never at module load: the Lambda bundles import the shared
 * index, and a module-level table would ride along in each of them unused.
 */
function routeSpecs(): readonly RouteSpec[] {
  /** What every route can answer whatever it is: the stage's throttle and a failure of ours. */
  const commonResponses = {
    '429': ref('responses', 'TooManyRequests'),
    '500': ref('responses', 'InternalError'),
  } as const;

  /** What every guarded route answers without a valid token (API Gateway, or the handler's own check). */
  const guardedResponses = { '401': ref('responses', 'Unauthorized') } as const;

  return [
    {
      service: 'events',
      method: 'post',
      path: '/events',
      operationId: 'submitBallot',
      summary: "Submit the caller's own ballot",
      description:
        'Publishes the ballot as Ballot Submitted. Nothing is published for any 4xx. Checks run in this order: ' +
        'the caller (401, then 403 for a token that names no voter), the Idempotency-Key header, content type, ' +
        'size, JSON, contract, ownership (403), the key history (422/409).',
      guarded: true,
      headers: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key with the same body gets the first answer back and submits nothing ' +
            'again; the same key with another body is refused (422). Per voter, kept 24 hours.',
          schema: identifierSchema,
        },
      ],
      requestBody: {
        required: true,
        description: 'At most 64 KB; `Content-Type: application/json` (a charset, if given, UTF-8).',
        content: jsonContent(ref('schemas', 'BallotRequest')),
      },
      responses: {
        '202': {
          description: 'Published, or (with an Idempotency-Key) the first answer given again.',
          headers: { 'idempotent-replayed': stringHeader('`true` when this is the answer to an earlier request') },
          content: jsonContent(ref('schemas', 'BallotAccepted')),
        },
        '400': refusal('The body is not UTF-8 JSON or fails the contract, or the Idempotency-Key is malformed.'),
        ...guardedResponses,
        '403': refusal('The token names no voter (an auditor), or another voter than `detail.voterId`.'),
        '409': refusal('The first request with this Idempotency-Key is still running after a 5 s wait.', {
          'retry-after': stringHeader('Seconds to wait before retrying'),
        }),
        '413': refusal('The body is over 64 KB (bytes, after base64 decoding).'),
        '415': refusal('`Content-Type` is missing or not `application/json`, or its charset is not UTF-8.'),
        '422': refusal('The Idempotency-Key was used before with a different body.'),
        ...commonResponses,
        '503': {
          description: 'The bus refused the event: worth retrying (with the same Idempotency-Key).',
          content: jsonContent(ref('schemas', 'Error')),
        },
      },
    },
    {
      service: 'elections',
      method: 'get',
      path: '/elections',
      operationId: 'listElections',
      summary: 'Every election with its candidates',
      description: 'Public. What is on the ballot, without tallies.',
      guarded: false,
      responses: {
        '200': { description: 'The elections.', content: jsonContent(ref('schemas', 'ElectionList')) },
        ...commonResponses,
      },
    },
    {
      service: 'elections',
      method: 'get',
      path: '/elections/{electionId}/results',
      operationId: 'getResults',
      summary: "An election's tallies",
      description:
        'Public. Candidates with most votes first. A strong ETag with `cache-control: no-cache`: a poll with ' +
        '`If-None-Match` answers 304 with no body while nothing changed.',
      guarded: false,
      parameters: electionResultsQuerySchema,
      headers: [
        {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: 'The ETag of the results the client holds.',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': {
          description: 'The results.',
          headers: {
            ETag: stringHeader('The SHA-256 of the body'),
            'cache-control': stringHeader('`no-cache`: keep, but revalidate before every use'),
          },
          content: jsonContent(ref('schemas', 'ElectionResults')),
        },
        '304': {
          description: 'Unchanged since the ETag given in `If-None-Match`; no body.',
          headers: { ETag: stringHeader('The SHA-256 of the body'), 'cache-control': stringHeader('`no-cache`') },
        },
        '400': refusal('The election id is malformed.'),
        '404': refusal('No such election.'),
        ...commonResponses,
      },
    },
    {
      service: 'elections',
      method: 'get',
      path: '/elections/{electionId}/votes/{voteId}',
      operationId: 'getVoteStatus',
      summary: 'Whether one vote was saved and counted',
      description:
        'Any valid token. Never the candidate or the voter. An unknown vote answers false/false, exactly as a ' +
        'vote not processed yet.',
      guarded: true,
      parameters: voteStatusQuerySchema,
      parameterNotes: { voteId: "The vote's id, from its Vote Cast event" },
      responses: {
        '200': { description: "The vote's status.", content: jsonContent(ref('schemas', 'VoteStatus')) },
        '400': refusal('An id is malformed.'),
        ...guardedResponses,
        ...commonResponses,
      },
    },
    {
      service: 'voters',
      method: 'get',
      path: '/voters/{voterId}/ballots',
      operationId: 'getVoterBallots',
      summary: 'A voter and the ballots issued to them',
      description: "The voter's own token or an auditor's; anyone else gets the 404 an unknown voter gets.",
      guarded: true,
      parameters: voterBallotsQuerySchema,
      responses: {
        '200': { description: 'The voter and their ballots.', content: jsonContent(ref('schemas', 'VoterBallots')) },
        '400': refusal('The voter id is malformed.'),
        ...guardedResponses,
        '404': refusal('No such voter, or one the caller may not read (the same answer, so ids cannot be probed).'),
        ...commonResponses,
      },
    },
    {
      service: 'audit',
      method: 'get',
      path: '/audit/{entityType}/{entityId}/events',
      operationId: 'readAuditEvents',
      summary: "An entity's audit history, a page at a time",
      description:
        "An auditor's token reads any stream; a voter's their own voter stream and their own ballots'. Events " +
        'in stream order; ballot and voter events carry `revision` (1, 2, 3 ... without gaps).',
      guarded: true,
      parameters: auditEventsQuerySchema,
      parameterNotes: {
        limit: 'Events a page, 1 to 100 (default 50)',
        next: '`next` of the previous page',
      },
      responses: {
        '200': { description: 'One page of the stream.', content: jsonContent(ref('schemas', 'AuditEventsPage')) },
        '400': refusal('A parameter is malformed, or `next` was not issued for this entity.'),
        ...guardedResponses,
        '404': refusal('No event names the entity, or the caller may not read its stream (the same answer).'),
        ...commonResponses,
      },
    },
    {
      service: 'elections',
      method: 'get',
      path: '/audit/elections/{electionId}/results',
      operationId: 'getResultsForAuditors',
      summary: "An election's tallies, even while embargoed",
      description:
        'Auditors only (the `evote/audit` scope). The results of `GET /elections/{electionId}/results`, with ' +
        "every candidate's count even before an `after-close` election closes.",
      guarded: true,
      parameters: electionResultsQuerySchema,
      responses: {
        '200': { description: 'The results.', content: jsonContent(ref('schemas', 'ElectionResults')) },
        '400': refusal('The election id is malformed.'),
        '403': refusal("The token is not an auditor's."),
        '404': refusal('No such election.'),
        ...guardedResponses,
        ...commonResponses,
      },
    },
  ];
}

/** The path parameters (named in the path template) and query parameters of a route. */
function parametersOf(route: RouteSpec): Json[] {
  const schema = route.parameters;
  const fromSchema = Object.entries(schema?.properties ?? {}).map(([name, property]) => {
    const inPath = route.path.includes(`{${name}}`);
    const note = route.parameterNotes?.[name];
    return {
      name,
      in: inPath ? 'path' : 'query',
      required: inPath || (schema?.required.includes(name) ?? false),
      ...(note ? { description: note } : {}),
      schema: property,
    };
  });
  return [...fromSchema, ...(route.headers ?? [])];
}

function operationOf(route: RouteSpec): Json {
  const parameters = parametersOf(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.service],
    // An empty list says "public" outright rather than leaving it to a document-wide default.
    security: route.guarded ? [{ [JWT_SECURITY_SCHEME]: [] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(route.requestBody ? { requestBody: route.requestBody } : {}),
    responses: route.responses,
  };
}

function pathsOf(routes: readonly RouteSpec[]): Record<string, Record<string, Json>> {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return paths;
}

const SERVICE_TAGS = [
  { name: 'events', description: 'The front door: ballots in. Its own HTTP API in AWS.' },
  { name: 'elections', description: 'Elections, results and vote status. Its own HTTP API in AWS.' },
  { name: 'voters', description: 'Voters and their ballots. Its own HTTP API in AWS.' },
  { name: 'audit', description: 'The audit log, the event store. Its own HTTP API in AWS.' },
];

/** The OpenAPI 3.1 document of every evote HTTP route. */
export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'evote HTTP API',
      version: '0.1.0',
      description:
        'Every route of the four services. In AWS each service (the tags) has its own HTTP API, whose base ' +
        'URL `yarn info --stage <s>` prints; locally `yarn start` serves every route, and this document, on one ' +
        'gateway. Every answer, success or error, is JSON. Past the stage throttle any route answers 429.',
    },
    tags: SERVICE_TAGS,
    paths: pathsOf(routeSpecs()),
    components: {
      securitySchemes: {
        [JWT_SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token of the stage's OIDC issuer (in AWS its Cognito user pool; locally the issuer " +
            '`yarn start` runs under `/_evote/issuer`). API Gateway checks its signature against the JWKS, `iss`, ' +
            "`aud` (or Cognito's `client_id`) and lifetime before any function runs. A voter's token names the " +
            "voter (Cognito's `username`); an auditor's carries the scope `evote/audit`.",
        },
      },
      schemas: {
        BallotRequest: ballotRequestSchema,
        BallotAccepted: ballotAcceptedResponseSchema,
        ElectionList: electionListResponseSchema,
        ElectionResults: electionResultsResponseSchema,
        VoteStatus: voteStatusResponseSchema,
        VoterBallots: voterBallotsResponseSchema,
        AuditEventsPage: auditEventsResponseSchema,
        Error: errorResponseSchema,
        GatewayError: gatewayErrorSchema,
      },
      responses: {
        Unauthorized: {
          description: 'No token, or an invalid one (answered by API Gateway before any function runs).',
          headers: { 'www-authenticate': stringHeader('`Bearer`, with the reason when a token was refused') },
          content: jsonContent(ref('schemas', 'GatewayError')),
        },
        TooManyRequests: {
          description: "Past the stage's rate limit (API Gateway, before any function runs).",
          content: jsonContent(ref('schemas', 'GatewayError')),
        },
        InternalError: {
          description:
            "Our fault, never detailed: the function's own `{message, errors}` (with a `correlationId` on " +
            "POST /events), or API Gateway's `{message}` when the function could not answer.",
          content: jsonContent({ oneOf: [ref('schemas', 'Error'), ref('schemas', 'GatewayError')] }),
        },
      },
    },
  };
}
