/**
 * Generated bad requests for POST /events (fast-check): every one must be refused with a 4xx and
 * a message, and nothing may reach the bus. Each case is invalid by construction; the status it
 * must get follows from the checks' order in the events service: content type (415), size
 * (413), then JSON syntax and the contract (400).
 *
 * Over 250 lines because it is a generator table: one builder per category of bad input.
 */
import fc from 'fast-check';
import type { PopulationSizes } from '../testing/population';
import { walkthrough } from '../scenarios/ballots';

export interface BadRequest {
  category: string;
  /** undefined = no Content-Type header at all. */
  contentType: string | undefined;
  body: Buffer;
  /** The status the request must get. */
  status: 400 | 413 | 415;
}

/**
 * The chaos suite's bad-input run: this many generated requests measured (EVOTE_TEST_POPULATION
 * picks the size), drawn with this seed, after a warm-up of `MALFORMED_WARM_UP` drawn with the
 * next seed. A smaller run draws the first cases of the larger one, and even the CI run's cover
 * every category (malformed.test.ts checks it).
 */
export const MALFORMED_REQUESTS: PopulationSizes = { full: 2_000, ci: 500 };
export const MALFORMED_WARM_UP: PopulationSizes = { full: 500, ci: 200 };
export const MALFORMED_SEED = 20_260_611;

/** The largest body POST /events accepts (events/src/domain/intake.ts MAX_BODY_BYTES). */
export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = 'application/json';
const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

interface BallotShape {
  type: unknown;
  detail: { ballotId: unknown; voterId: unknown; votes: unknown };
}

/**
 * A well-formed ballot request (Joe's, from the walkthrough), a fresh copy each time: the starting
 * point every case breaks in one way or more.
 */
export function validBallot(): BallotShape {
  return structuredClone(walkthrough.joe) as BallotShape;
}

const REQUIRED_PATHS: readonly (readonly (string | number)[])[] = [
  ['type'],
  ['detail'],
  ['detail', 'ballotId'],
  ['detail', 'voterId'],
  ['detail', 'votes'],
  ['detail', 'votes', 0, 'electionId'],
  ['detail', 'votes', 0, 'candidateId'],
];
const ID_PATHS: readonly (readonly (string | number)[])[] = [
  ['detail', 'ballotId'],
  ['detail', 'voterId'],
  ['detail', 'votes', 0, 'electionId'],
  ['detail', 'votes', 1, 'candidateId'],
];
const OBJECT_PATHS: readonly (readonly (string | number)[])[] = [[], ['detail'], ['detail', 'votes', 0]];
const ALLOWED_KEYS = new Set(['type', 'detail', 'ballotId', 'voterId', 'votes', 'electionId', 'candidateId']);

function jsonCase(category: string, text: string | Buffer): BadRequest {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { category, contentType: JSON_TYPE, body, status: body.byteLength > MAX_BODY_BYTES ? 413 : 400 };
}

function setAt(target: BallotShape, pathTo: readonly (string | number)[], value: unknown): BallotShape {
  const copy = structuredClone(target) as unknown as Record<string | number, unknown>;
  let node = copy;
  for (const key of pathTo.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[pathTo[pathTo.length - 1] as string | number] = value;
  return copy as unknown as BallotShape;
}

function deleteAt(target: BallotShape, pathTo: readonly (string | number)[]): BallotShape {
  const copy = structuredClone(target) as unknown as Record<string | number, unknown>;
  let node: Record<string | number, unknown> | undefined = copy;
  for (const key of pathTo.slice(0, -1)) node = node?.[key] as Record<string | number, unknown> | undefined;
  if (node) delete node[pathTo[pathTo.length - 1] as string | number];
  return copy as unknown as BallotShape;
}

/**
 * Adds `"key": value` as the FIRST member of the object at `pathTo`, in the JSON text itself, so
 * keys such as `__proto__` arrive as the client wrote them (assigning them in JavaScript would
 * set a prototype instead of adding a member).
 */
function insertMember(
  ballot: BallotShape,
  pathTo: readonly (string | number)[],
  key: string,
  valueText: string,
): string {
  const marker = '"__evote_insert_here__"';
  const withMarker =
    pathTo.length === 0
      ? { __evote_insert_here__: 0, ...ballot }
      : setAt(ballot, pathTo, { __evote_insert_here__: 0, ...(valueAtPath(ballot, pathTo) as object) });
  return JSON.stringify(withMarker).replace(`${marker}:0`, `${JSON.stringify(key)}:${valueText}`);
}

function valueAtPath(target: unknown, pathTo: readonly (string | number)[]): unknown {
  let node = target;
  for (const key of pathTo) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const smallJson = fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value));
const notAnIdentifier = fc
  .string({ unit: 'binary', minLength: 0, maxLength: 40 })
  .filter((text) => !IDENTIFIER.test(text));

const invalidJson = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .jsonValue()
      .map((value) => JSON.stringify(value))
      .chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
    fc.constantFrom(
      "{'type': 'Ballot Submitted'}",
      '{"type": "Ballot Submitted",}',
      'NaN',
      'undefined',
      '{"type":"Ballot Submitted"}}',
      '{"type":"Ballot Submitted" "detail":{}}',
      '[1,2,',
      '{"a":01}',
      '"\\x41"',
      'true false',
    ),
    fc
      .constant(JSON.stringify(validBallot()))
      .chain((text) => fc.nat({ max: text.length - 1 }).map((cut) => text.slice(0, cut))),
  )
  .filter((text) => !parses(text))
  .map((text) => jsonCase('invalid JSON', text));

const wrongRoot = fc
  .oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 30 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
    fc.constant([validBallot()]),
  )
  .map((value) => jsonCase('JSON that is not an object', JSON.stringify(value)));

const wrongTypes = fc
  .tuple(fc.constantFrom(...REQUIRED_PATHS, ['detail', 'votes', 0] as const), wrongValue)
  .map(([pathTo, value]) => jsonCase('wrong types', JSON.stringify(setAt(validBallot(), pathTo, value))));

const wrongEventType = fc
  .oneof(
    fc.constantFrom(
      'Vote Cast',
      'Ballot Verified',
      'Ballot Rejected',
      'Vote Rejected',
      'ballot submitted',
      'Ballot Submitted ',
      'BallotSubmitted',
      '',
    ),
    fc.string({ maxLength: 30 }).filter((text) => text !== 'Ballot Submitted'),
  )
  .map((type) => jsonCase('a type other than Ballot Submitted', JSON.stringify({ ...validBallot(), type })));

const missingFields = fc
  .subarray([...REQUIRED_PATHS], { minLength: 1 })
  .map((paths) =>
    jsonCase(
      'missing fields',
      JSON.stringify(paths.reduce((ballot, pathTo) => deleteAt(ballot, pathTo), validBallot())),
    ),
  );

const extraFields = fc
  .tuple(
    fc.constantFrom(...OBJECT_PATHS),
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom('correlationId', 'voteId', 'source', 'detail-type', 'id'),
    ),
    smallJson,
  )
  .filter(
    ([pathTo, key]) =>
      !(
        ALLOWED_KEYS.has(key) &&
        (pathTo.length === 0
          ? ['type', 'detail']
          : pathTo.length === 1
            ? ['ballotId', 'voterId', 'votes']
            : ['electionId', 'candidateId']
        ).includes(key)
      ),
  )
  .map(([pathTo, key, value]) => jsonCase('extra fields', insertMember(validBallot(), pathTo, key, value)));

const prototypeKeys = fc
  .tuple(
    fc.constantFrom(...OBJECT_PATHS),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      '__defineGetter__',
      'hasOwnProperty',
      'toString',
      'valueOf',
    ),
    fc.oneof(
      fc.constant('{"polluted":true}'),
      fc.constant('{"type":"Vote Cast"}'),
      fc.constant('{"prototype":{"polluted":true}}'),
      fc.constant('null'),
      smallJson,
    ),
  )
  .map(([pathTo, key, value]) =>
    jsonCase('__proto__ / constructor keys', insertMember(validBallot(), pathTo, key, value)),
  );

/** A ballot hidden under __proto__ alone: JSON.parse keeps it as an own member, the contract sees no type. */
const hiddenInPrototype = fc.constant(
  jsonCase('__proto__ / constructor keys', `{"__proto__":${JSON.stringify(validBallot())}}`),
);

const hugeStrings = fc
  .tuple(
    fc.constantFrom(...ID_PATHS, ['type'] as const),
    fc.integer({ min: 65, max: 80_000 }),
    fc.constantFrom('a', '0', 'é', '€', '😀', '\u0000'),
  )
  .map(([pathTo, length, unit]) =>
    jsonCase(
      'huge strings',
      JSON.stringify(setAt(validBallot(), pathTo, unit.repeat(Math.ceil(length / unit.length)))),
    ),
  );

const hugeArrays = fc.oneof(
  fc.integer({ min: 51, max: 2_000 }).map((count) =>
    jsonCase(
      'huge arrays',
      JSON.stringify(
        setAt(
          validBallot(),
          ['detail', 'votes'],
          Array.from({ length: count }, (_, index) => ({ electionId: `e${index}`, candidateId: 'c1' })),
        ),
      ),
    ),
  ),
  fc.integer({ min: 2, max: 50 }).map((count) =>
    jsonCase(
      'duplicate votes in one election',
      JSON.stringify(
        setAt(
          validBallot(),
          ['detail', 'votes'],
          Array.from({ length: count }, () => ({ electionId: '6353a9', candidateId: 'f5484e' })),
        ),
      ),
    ),
  ),
  fc.constant(jsonCase('huge arrays', JSON.stringify(setAt(validBallot(), ['detail', 'votes'], [])))),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((depth) =>
      jsonCase(
        'deep nesting',
        `{"type":"Ballot Submitted","detail":{"ballotId":"49aef2","voterId":"b7a42e","votes":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      ),
    ),
);

const unicode = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ID_PATHS), notAnIdentifier)
    .map(([pathTo, id]) =>
      jsonCase('unicode and control characters', JSON.stringify(setAt(validBallot(), pathTo, id))),
    ),
  fc
    .tuple(fc.integer({ min: 0, max: 0x1f }), fc.constantFrom(...ID_PATHS))
    .map(([code, pathTo]) =>
      jsonCase(
        'unicode and control characters',
        JSON.stringify(setAt(validBallot(), pathTo, 'ZZ')).replace('"ZZ"', `"Z${String.fromCharCode(code)}Z"`),
      ),
    ),
  fc
    .constantFrom('\ud800', '\udfff', 'Ballot\u00a0Submitted', 'Bаllot Submitted', 'Ballot Submitted\u200b')
    .map((type) => jsonCase('unicode and control characters', JSON.stringify({ ...validBallot(), type }))),
  fc
    .uint8Array({ minLength: 1, maxLength: 8 })
    .map((bytes) =>
      jsonCase(
        'invalid UTF-8',
        Buffer.concat([
          Buffer.from('{"type":"Ballot Submitted","detail":{"ballotId":"'),
          Buffer.from([0xff, ...bytes]),
          Buffer.from('","voterId":"b7a42e","votes":[{"electionId":"6353a9","candidateId":"f5484e"}]}}'),
        ]),
      ),
    ),
);

const HEADER_SAFE = /^[\x20-\x7e]*$/;
const wrongContentType = fc
  .tuple(
    fc.oneof(
      fc.constantFrom<string | undefined>(
        undefined,
        '',
        'text/plain',
        'text/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/jsonp',
        'application/ld+json',
        'json',
        '*/*',
        'application/octet-stream',
        'application/json-patch+json',
      ),
      fc
        .string({ unit: 'grapheme-ascii', maxLength: 40 })
        .filter((text) => HEADER_SAFE.test(text) && !text.trim().toLowerCase().startsWith('application/json')),
    ),
    fc.oneof(fc.constant(JSON.stringify(validBallot())), fc.constant('type=Ballot+Submitted'), fc.constant('')),
  )
  .map(([contentType, text]): BadRequest => ({
    category: 'wrong content types',
    contentType,
    body: Buffer.from(text),
    status: 415,
  }));

const emptyBodies = fc.constantFrom('', ' ', '\n', '\t\r\n ').map((text) => jsonCase('empty bodies', text));

const oversized = fc.oneof(
  fc.integer({ min: MAX_BODY_BYTES + 1, max: 300_000 }).map((size) => jsonCase('oversized bodies', 'x'.repeat(size))),
  fc.integer({ min: MAX_BODY_BYTES + 1, max: 300_000 }).map((size) => {
    const text = insertMember(validBallot(), [], 'padding', JSON.stringify(''.padEnd(size, ' ')));
    return jsonCase('oversized bodies', text);
  }),
);

/** Every kind of bad request, weighted so the cheap ones make up most of the run. */
export const badRequest: fc.Arbitrary<BadRequest> = fc.oneof(
  { arbitrary: invalidJson, weight: 4 },
  { arbitrary: wrongRoot, weight: 2 },
  { arbitrary: wrongTypes, weight: 4 },
  { arbitrary: wrongEventType, weight: 2 },
  { arbitrary: missingFields, weight: 3 },
  { arbitrary: extraFields, weight: 3 },
  { arbitrary: prototypeKeys, weight: 3 },
  { arbitrary: hiddenInPrototype, weight: 1 },
  { arbitrary: hugeStrings, weight: 2 },
  { arbitrary: hugeArrays, weight: 2 },
  { arbitrary: unicode, weight: 3 },
  { arbitrary: wrongContentType, weight: 3 },
  { arbitrary: emptyBodies, weight: 1 },
  { arbitrary: oversized, weight: 1 },
);
