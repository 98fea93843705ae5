import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { ballotRequestSchema } from '../src/contracts/ballotRequest';
import { JWT_SECURITY_SCHEME, openApiDocument } from '../src/contracts/openapi';
import { auditEventsQuerySchema, voteStatusQuerySchema } from '../src/contracts/queries';
import { errorResponseSchema, gatewayErrorSchema, voterBallotsResponseSchema } from '../src/contracts/responses';
import { generateOpenApiJson, OPENAPI_JSON } from './generate-openapi';

const REGENERATE =
  'stale: run `yarn openapi` (or `yarn tsx shared/scripts/generate-openapi.ts`) from the repository root';

/** The official JSON Schema of OpenAPI 3.1 documents (id https://spec.openapis.org/oas/3.1/schema/2022-10-07). */
const OAS_SCHEMA = join(__dirname, 'openapi-3.1.schema.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as plain JSON
type Document = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document, with its path and method. */
function operations(document: Document): { path: string; method: string; operation: Document }[] {
  return Object.entries(document.paths as Record<string, Document>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation: operation as Document })),
  );
}

/** The value a local `$ref` points to. */
function resolve(document: Document, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, key) => (node as Document | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      document,
    );
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

/** The response object of a status, `$ref` followed. */
function response(document: Document, operation: Document, status: string): Document | undefined {
  const found = operation.responses[status] as Document | undefined;
  return found?.$ref ? (resolve(document, found.$ref) as Document) : found;
}

describe('the OpenAPI document', () => {
  const document = openApiDocument() as Document;

  it(`docs/openapi.json matches the schemas (${REGENERATE})`, () => {
    expect(readFileSync(OPENAPI_JSON, 'utf8')).toBe(generateOpenApiJson());
  });

  it('validates against the official OpenAPI 3.1 schema (ajv, JSON Schema 2020-12)', () => {
    // ajv resolves the schema's `$dynamicRef: "#meta"` to the wrong anchor; without an extension
    // dialect it means the schema's own `$defs/schema` (any object or boolean), so it is written so.
    const text = readFileSync(OAS_SCHEMA, 'utf8').replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"');
    // Formats (uri, email) need ajv-formats, which no workspace depends on; the structure is what matters here.
    const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(JSON.parse(text));
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    // and the same validator does refuse a broken document, so the pass above means something
    const broken = structuredClone(document);
    delete broken.info.version;
    broken.paths['/events'].post.responses['202'].content = 'json';
    expect(validate(broken)).toBe(false);
  });

  it('passes openapi-spec-validator, the reference validator (Python, preinstalled like cfn-lint)', () => {
    const run = spawnSync('openapi-spec-validator', [OPENAPI_JSON], { encoding: 'utf8' });
    if (run.error) {
      throw new Error(
        `openapi-spec-validator is not installed (${run.error.message}): install it with \`pip install openapi-spec-validator\``,
      );
    }
    expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({
      status: 0,
      output: `${OPENAPI_JSON}: OK`,
    });
  });

  it('holds the very schemas the validators are compiled from, not copies', () => {
    expect(document.components.schemas.BallotRequest).toBe(ballotRequestSchema);
    const audit = operations(document).find(({ path }) => path === '/audit/{entityType}/{entityId}/events');
    const parameter = (name: string) => audit?.operation.parameters.find((p: Document) => p.name === name);
    expect(parameter('entityType').schema).toBe(auditEventsQuerySchema.properties.entityType);
    expect(parameter('limit').schema).toBe(auditEventsQuerySchema.properties.limit);
    expect(document.components.schemas.VoterBallots).toBe(voterBallotsResponseSchema);
  });

  it('compiles every schema it holds as JSON Schema 2020-12, strictly (the dialect of OpenAPI 3.1)', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(() => ajv.compile(schema as object)).not.toThrow();
      expect(name).toMatch(/^[A-Za-z]+$/);
    }
  });

  it('has every $ref resolve', () => {
    const dangling = refsIn(document).filter((ref) => resolve(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it("declares each path template's parameters as path parameters, and no others", () => {
    for (const { path, operation } of operations(document)) {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((parameter: Document) => parameter.in === 'path')
        .map((parameter: Document) => parameter.name)
        .sort();
      expect({ path, declared }).toEqual({ path, declared: inTemplate });
    }
  });

  it('takes every property of a query schema that the path does not name as a query parameter', () => {
    const status = operations(document).find(({ path }) => path === '/elections/{electionId}/votes/{voteId}');
    expect(status?.operation.parameters.map((p: Document) => [p.name, p.in, p.required])).toEqual(
      Object.keys(voteStatusQuerySchema.properties).map((name) => [name, 'path', true]),
    );
    const audit = operations(document).find(({ path }) => path.startsWith('/audit/'));
    expect(audit?.operation.parameters.map((p: Document) => [p.name, p.in, p.required])).toEqual([
      ['entityType', 'path', true],
      ['entityId', 'path', true],
      ['limit', 'query', false],
      ['next', 'query', false],
    ]);
  });

  it('answers 401 with www-authenticate exactly on the guarded routes, and 429 and 500 on every route', () => {
    expect(document.components.securitySchemes[JWT_SECURITY_SCHEME]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    for (const { path, method, operation } of operations(document)) {
      const guarded = operation.security.some((requirement: Document) => JWT_SECURITY_SCHEME in requirement);
      const unauthorized = response(document, operation, '401');
      expect({ path, method, guarded, has401: unauthorized !== undefined }).toEqual({
        path,
        method,
        guarded,
        has401: guarded,
      });
      if (unauthorized) expect(Object.keys(unauthorized.headers)).toEqual(['www-authenticate']);
      expect(response(document, operation, '429')).toBeDefined();
      expect(response(document, operation, '500')).toBeDefined();
    }
  });

  it('lists every answer POST /events can give (events/README.md)', () => {
    const post = operations(document).find(({ path, method }) => path === '/events' && method === 'post');
    expect(Object.keys(post?.operation.responses ?? {}).sort()).toEqual(
      ['202', '400', '401', '403', '409', '413', '415', '422', '429', '500', '503'].sort(),
    );
    expect(Object.keys(response(document, post?.operation ?? {}, '409')?.headers ?? {})).toEqual(['retry-after']);
  });

  it('describes the bodies the functions and API Gateway actually send', () => {
    const ajv = new Ajv2020({ strict: true });
    const isError = ajv.compile(errorResponseSchema);
    const isGatewayError = ajv.compile(gatewayErrorSchema);
    expect(isError({ message: 'invalid request', errors: [{ path: '/voterId', message: 'must match' }] })).toBe(true);
    expect(isError({ message: 'internal error', correlationId: 'c0ffee', errors: [] })).toBe(true);
    expect(isGatewayError({ message: 'Unauthorized' })).toBe(true);
    expect(isError({ message: 'Unauthorized' })).toBe(false);
  });
});
