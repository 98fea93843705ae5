/**
 * Table-driven, hence over 250 lines: each row is one pattern, one event and whether the pattern
 * selects it, grouped by the rule of AWS's documentation the rows pin.
 */
import { matchesPattern, validatePattern, type EventPattern } from './index';

/** One row: does `pattern` select `event`? Rows are grouped by the rule of AWS's docs they pin. */
interface MatchCase {
  name: string;
  pattern: EventPattern;
  event: Record<string, unknown>;
  matches: boolean;
}

/** JSON text keeps spellings such as 5.0 or 3.0e2 visible in the row, as an event on the wire has them. */
const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

const ballotSubmitted = {
  version: '0',
  id: 'c0ffee00-0000-4000-8000-000000000001',
  'detail-type': 'Ballot Submitted',
  source: 'evote.events',
  account: '000000000000',
  time: '2024-05-01T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    correlationId: 'corr-1',
    ballotId: 'ballot-1',
    voterId: 'voter-1',
    votes: [
      { electionId: 'e1', candidateId: 'c1' },
      { electionId: 'e2', candidateId: 'c7' },
    ],
  },
};

const exactValues: MatchCase[] = [
  { name: 'string equal', pattern: { source: ['evote.events'] }, event: { source: 'evote.events' }, matches: true },
  {
    name: 'string different',
    pattern: { source: ['evote.events'] },
    event: { source: 'evote.voters' },
    matches: false,
  },
  {
    name: 'strings are case-sensitive',
    pattern: { source: ['evote.events'] },
    event: { source: 'Evote.Events' },
    matches: false,
  },
  {
    name: 'strings are not trimmed',
    pattern: { source: ['evote.events'] },
    event: { source: 'evote.events ' },
    matches: false,
  },
  {
    name: 'any of several values',
    pattern: { source: ['evote.voters', 'evote.events'] },
    event: { source: 'evote.events' },
    matches: true,
  },
  {
    name: 'none of several values',
    pattern: { source: ['evote.voters', 'evote.elections'] },
    event: { source: 'evote.events' },
    matches: false,
  },
  { name: 'number equal', pattern: { n: [5] }, event: { n: 5 }, matches: true },
  { name: 'number 5 matches 5.0', pattern: { n: [5] }, event: json('{"n": 5.0}'), matches: true },
  { name: 'number 300 matches 3.0e2', pattern: { n: [300] }, event: json('{"n": 3.0e2}'), matches: true },
  { name: 'decimal equal', pattern: { n: [1.5] }, event: { n: 1.5 }, matches: true },
  { name: 'number different', pattern: { n: [5] }, event: { n: 6 }, matches: false },
  { name: 'number [5] does not match string "5"', pattern: { n: [5] }, event: { n: '5' }, matches: false },
  { name: 'string ["5"] does not match number 5', pattern: { n: ['5'] }, event: { n: 5 }, matches: false },
  { name: 'number 0 does not match false', pattern: { n: [0] }, event: { n: false }, matches: false },
  { name: 'true matches true', pattern: { flag: [true] }, event: { flag: true }, matches: true },
  { name: 'false matches false', pattern: { flag: [false] }, event: { flag: false }, matches: true },
  { name: 'true does not match "true"', pattern: { flag: [true] }, event: { flag: 'true' }, matches: false },
  { name: 'true does not match false', pattern: { flag: [true] }, event: { flag: false }, matches: false },
  {
    name: 'null matches null',
    pattern: { detail: { responseElements: [null] } },
    event: { detail: { responseElements: null } },
    matches: true,
  },
  {
    name: 'null does not match a missing field',
    pattern: { detail: { responseElements: [null] } },
    event: { detail: {} },
    matches: false,
  },
  {
    name: 'null does not match the empty string',
    pattern: { detail: { eventVersion: [null] } },
    event: { detail: { eventVersion: '' } },
    matches: false,
  },
  {
    name: 'empty string matches the empty string',
    pattern: { detail: { eventVersion: [''] } },
    event: { detail: { eventVersion: '' } },
    matches: true,
  },
  {
    name: 'empty string does not match null',
    pattern: { detail: { eventVersion: [''] } },
    event: { detail: { eventVersion: null } },
    matches: false,
  },
  {
    name: 'empty string does not match a missing field',
    pattern: { detail: { eventVersion: [''] } },
    event: { detail: {} },
    matches: false,
  },
  {
    name: 'field missing from the event',
    pattern: { source: ['evote.events'] },
    event: { 'detail-type': 'Vote Cast' },
    matches: false,
  },
  {
    name: 'inherited property is not a field',
    pattern: { constructor: [{ exists: true }] },
    event: { source: 'evote.events' },
    matches: false,
  },
  {
    name: 'fields absent from the pattern are ignored',
    pattern: { source: ['evote.events'] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'all fields must match (AND)',
    pattern: { source: ['evote.events'], 'detail-type': ['Ballot Submitted'] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'one failing field fails the AND',
    pattern: { source: ['evote.events'], 'detail-type': ['Vote Cast'] },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'an object at a leaf does not match a value',
    pattern: { detail: ['x'] },
    event: { detail: { x: 'x' } },
    matches: false,
  },
  {
    name: 'an object at a leaf does not match null',
    pattern: { detail: [null] },
    event: { detail: {} },
    matches: false,
  },
];

const nestedObjects: MatchCase[] = [
  {
    name: 'nested field matches',
    pattern: { detail: { ballotId: ['ballot-1'] } },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'nested field differs',
    pattern: { detail: { ballotId: ['ballot-2'] } },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'nested parent missing',
    pattern: { detail: { ballotId: ['ballot-1'] } },
    event: { source: 'evote.events' },
    matches: false,
  },
  {
    name: 'nested parent is a scalar',
    pattern: { detail: { ballotId: ['ballot-1'] } },
    event: { detail: 'ballot-1' },
    matches: false,
  },
  {
    name: 'nested parent is null',
    pattern: { detail: { ballotId: ['ballot-1'] } },
    event: { detail: null },
    matches: false,
  },
  {
    name: 'three levels deep',
    pattern: { detail: { voter: { name: { first: ['Ada'] } } } },
    event: { detail: { voter: { name: { first: 'Ada', last: 'L' } } } },
    matches: true,
  },
  {
    name: 'field names are case-sensitive',
    pattern: { Detail: { ballotId: ['ballot-1'] } },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'same name at another depth does not count',
    pattern: { detail: { source: ['evote.events'] } },
    event: { source: 'evote.events', detail: {} },
    matches: false,
  },
];

/** AWS names a field by its path's keys joined with dots, so a dotted key and nested objects are one field. */
const dottedNames: MatchCase[] = [
  {
    name: 'dotted pattern key, nested event (recorded from AWS)',
    pattern: { 'state.status': ['on'] },
    event: { state: { status: 'on' } },
    matches: true,
  },
  {
    name: 'nested pattern, dotted event key (recorded from AWS)',
    pattern: { state: { status: ['on'] } },
    event: { 'state.status': 'on' },
    matches: true,
  },
  {
    name: 'dotted pattern key, nested event, other value',
    pattern: { 'state.status': ['on'] },
    event: { state: { status: 'off' } },
    matches: false,
  },
  {
    name: 'dotted key on both sides',
    pattern: { 'detail.ballotId': ['ballot-1'] },
    event: { 'detail.ballotId': 'ballot-1' },
    matches: true,
  },
  {
    name: 'dotted pattern key on the real event envelope',
    pattern: { 'detail.ballotId': ['ballot-1'] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'dotted key is not a prefix of a longer name',
    pattern: { 'state.status': ['on'] },
    event: { state: { statusCode: 'on' } },
    matches: false,
  },
  {
    name: 'dotted key at a deeper level',
    pattern: { detail: { 'voter.name': ['Ada'] } },
    event: { detail: { voter: { name: 'Ada' } } },
    matches: true,
  },
  { name: 'dots split into three levels', pattern: { 'a.b.c': [1] }, event: { a: { 'b.c': 1 } }, matches: true },
  {
    name: 'dotted and nested pattern keys are ANDed',
    pattern: { 'state.status': ['on'], state: { mode: ['auto'] } },
    event: { state: { status: 'on', mode: 'manual' } },
    matches: false,
  },
  {
    name: 'dotted and nested event keys combine',
    pattern: { state: { status: ['on'], mode: ['auto'] } },
    event: { 'state.status': 'on', state: { mode: 'auto' } },
    matches: true,
  },
  {
    name: 'both event spellings count as values',
    pattern: { 'state.status': ['off'] },
    event: { 'state.status': 'on', state: { status: 'off' } },
    matches: true,
  },
  {
    name: 'later leaf of the same name replaces the earlier',
    pattern: { 'state.status': ['on'], state: { status: ['off'] } },
    event: { state: { status: 'off' } },
    matches: true,
  },
  {
    name: 'exists false sees the nested spelling',
    pattern: { 'state.status': [{ exists: false }] },
    event: { state: { status: 'on' } },
    matches: false,
  },
  {
    name: 'exists false with the name absent in both spellings',
    pattern: { 'state.status': [{ exists: false }] },
    event: { state: { mode: 'auto' } },
    matches: true,
  },
  {
    name: 'dotted key under an array stays in one element',
    pattern: { votes: { 'vote.electionId': ['e1'], 'vote.candidateId': ['c7'] } },
    event: {
      votes: [{ vote: { electionId: 'e1', candidateId: 'c1' } }, { vote: { electionId: 'e2', candidateId: 'c7' } }],
    },
    matches: false,
  },
  {
    name: 'dotted key inside a $or branch',
    pattern: { $or: [{ 'detail.voterId': ['voter-9'] }, { 'detail.ballotId': ['ballot-1'] }] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'a key that only looks like $or is a field',
    pattern: { 'detail.$or': ['x'] },
    event: { detail: { $or: 'x' } },
    matches: true,
  },
];

const specialKeys: MatchCase[] = [
  {
    name: 'detail-type matches',
    pattern: { 'detail-type': ['Ballot Submitted'] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'detail-type differs',
    pattern: { 'detail-type': ['Ballot Verified'] },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'key with spaces',
    pattern: { detail: { 'full name': ['Ada Lovelace'] } },
    event: { detail: { 'full name': 'Ada Lovelace' } },
    matches: true,
  },
  {
    name: 'key with spaces differs from the unspaced key',
    pattern: { detail: { 'full name': ['Ada Lovelace'] } },
    event: { detail: { fullname: 'Ada Lovelace' } },
    matches: false,
  },
  {
    name: 'key with dashes under numeric',
    pattern: { detail: { 'x-limit': [{ numeric: ['<', 500] }] } },
    event: { detail: { 'x-limit': 301.8 } },
    matches: true,
  },
  {
    name: 'key that looks like an operator',
    pattern: { detail: { numeric: ['yes'] } },
    event: { detail: { numeric: 'yes' } },
    matches: true,
  },
];

const eventArrays: MatchCase[] = [
  {
    name: 'pattern and event arrays intersect',
    pattern: { resources: ['arn:a', 'arn:b'] },
    event: { resources: ['arn:x', 'arn:b'] },
    matches: true,
  },
  {
    name: 'pattern and event arrays are disjoint',
    pattern: { resources: ['arn:a', 'arn:b'] },
    event: { resources: ['arn:x', 'arn:y'] },
    matches: false,
  },
  {
    name: 'scalar pattern value in an event array',
    pattern: { detail: { tags: ['Insider'] } },
    event: { detail: { tags: ['Custom_Alert', 'Insider'] } },
    matches: true,
  },
  {
    name: 'empty event array matches no value',
    pattern: { resources: [''] },
    event: { resources: [] },
    matches: false,
  },
  {
    name: 'empty event array does not match null',
    pattern: { resources: [null] },
    event: { resources: [] },
    matches: false,
  },
  { name: 'nested event arrays are flattened', pattern: { n: [3] }, event: { n: [[1, 2], [3]] }, matches: true },
  { name: 'scalars beside objects in an array', pattern: { a: [1] }, event: { a: [{ b: 1 }, 1] }, matches: true },
  { name: 'array of only objects at a leaf', pattern: { a: [1] }, event: { a: [{ b: 1 }] }, matches: false },
  {
    name: 'array of objects: one element matches',
    pattern: { detail: { votes: { electionId: ['e2'] } } },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'array of objects: no element matches',
    pattern: { detail: { votes: { electionId: ['e9'] } } },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'array of objects: both fields in the same element',
    pattern: { detail: { votes: { electionId: ['e2'], candidateId: ['c7'] } } },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'array of objects: fields from different elements do not combine',
    pattern: { detail: { votes: { electionId: ['e1'], candidateId: ['c7'] } } },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'array consistency across nesting levels',
    pattern: { a: { x: [1], b: { c: [1] } } },
    event: {
      a: [
        { x: 1, b: { c: 2 } },
        { x: 2, b: { c: 1 } },
      ],
    },
    matches: false,
  },
  {
    name: 'array of arrays of objects',
    pattern: { a: { b: [1] } },
    event: { a: [[{ b: 2 }], [{ b: 1 }]] },
    matches: true,
  },
  {
    name: 'prefix on array elements',
    pattern: { resources: [{ prefix: 'arn:aws:ec2' }] },
    event: { resources: ['arn:aws:s3:::b', 'arn:aws:ec2:i-1'] },
    matches: true,
  },
  {
    name: 'anything-but on an array: some element differs',
    pattern: { tags: [{ 'anything-but': 'x' }] },
    event: { tags: ['x', 'y'] },
    matches: true,
  },
  {
    name: 'anything-but on an array: every element excluded',
    pattern: { tags: [{ 'anything-but': ['x', 'y'] }] },
    event: { tags: ['x', 'y'] },
    matches: false,
  },
  {
    name: 'numeric on an array: some element in range',
    pattern: { n: [{ numeric: ['>', 10] }] },
    event: { n: [1, 20] },
    matches: true,
  },
  {
    name: 'numeric on an array: no element in range',
    pattern: { n: [{ numeric: ['>', 10] }] },
    event: { n: [1, 2] },
    matches: false,
  },
];

const prefixSuffix: MatchCase[] = [
  { name: 'prefix matches', pattern: { time: [{ prefix: '2024-05-01' }] }, event: ballotSubmitted, matches: true },
  { name: 'prefix does not match', pattern: { time: [{ prefix: '2024-06' }] }, event: ballotSubmitted, matches: false },
  {
    name: 'prefix is case-sensitive',
    pattern: { source: [{ prefix: 'EVOTE.' }] },
    event: { source: 'evote.events' },
    matches: false,
  },
  {
    name: 'prefix longer than the value',
    pattern: { source: [{ prefix: 'evote.events.more' }] },
    event: { source: 'evote.events' },
    matches: false,
  },
  { name: 'prefix does not match numbers', pattern: { n: [{ prefix: '12' }] }, event: { n: 123 }, matches: false },
  {
    name: 'empty prefix matches any string',
    pattern: { source: [{ prefix: '' }] },
    event: { source: 'anything' },
    matches: true,
  },
  {
    name: 'empty prefix does not match null',
    pattern: { source: [{ prefix: '' }] },
    event: { source: null },
    matches: false,
  },
  {
    name: 'prefix ignoring case',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: { detail: { service: 'EVENTBRIDGE' } },
    matches: true,
  },
  {
    name: 'prefix ignoring case, different start',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: { detail: { service: 'SQS' } },
    matches: false,
  },
  {
    name: 'suffix matches',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'ballot.png' },
    matches: true,
  },
  {
    name: 'suffix is case-sensitive',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'ballot.PNG' },
    matches: false,
  },
  {
    name: 'suffix ignoring case',
    pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    event: { FileName: 'ballot.PNG' },
    matches: true,
  },
  {
    name: 'suffix does not match null',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: null },
    matches: false,
  },
];

const ignoreCase: MatchCase[] = [
  {
    name: 'equals-ignore-case matches other casing',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'ALICE' },
    matches: true,
  },
  {
    name: 'equals-ignore-case needs the whole value',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alicia' },
    matches: false,
  },
  {
    name: 'equals-ignore-case does not match numbers',
    pattern: { n: [{ 'equals-ignore-case': '5' }] },
    event: { n: 5 },
    matches: false,
  },
  {
    name: 'equals-ignore-case on the empty string',
    pattern: { v: [{ 'equals-ignore-case': '' }] },
    event: { v: '' },
    matches: true,
  },
];

const wildcards: MatchCase[] = [
  {
    name: 'leading star',
    pattern: { FileName: [{ wildcard: '*.png' }] },
    event: { FileName: 'ballot.png' },
    matches: true,
  },
  {
    name: 'star spans slashes',
    pattern: { Path: [{ wildcard: 'dir/*/file.png' }] },
    event: { Path: 'dir/a/b/file.png' },
    matches: true,
  },
  {
    name: 'star in the middle, wrong end',
    pattern: { Path: [{ wildcard: 'dir/*/file.png' }] },
    event: { Path: 'dir/a/file.jpg' },
    matches: false,
  },
  {
    name: 'stars on both sides',
    pattern: { title: [{ wildcard: '*Title*' }] },
    event: { title: 'SubTitleX' },
    matches: true,
  },
  { name: 'stars match empty runs', pattern: { v: [{ wildcard: 'a*b*c' }] }, event: { v: 'abc' }, matches: true },
  {
    name: 'segments must appear in order',
    pattern: { v: [{ wildcard: 'a*b*c' }] },
    event: { v: 'acb' },
    matches: false,
  },
  {
    name: 'prefix and suffix must not overlap',
    pattern: { v: [{ wildcard: 'ab*ba' }] },
    event: { v: 'aba' },
    matches: false,
  },
  {
    name: 'prefix and suffix meet exactly',
    pattern: { v: [{ wildcard: 'ab*ba' }] },
    event: { v: 'abba' },
    matches: true,
  },
  { name: 'no star is an exact match', pattern: { v: [{ wildcard: 'abc' }] }, event: { v: 'abcd' }, matches: false },
  { name: 'lone star matches the empty string', pattern: { v: [{ wildcard: '*' }] }, event: { v: '' }, matches: true },
  { name: 'wildcard does not match numbers', pattern: { v: [{ wildcard: '*' }] }, event: { v: 5 }, matches: false },
  {
    name: 'escaped star is a literal star',
    pattern: { v: [{ wildcard: 'a\\*b' }] },
    event: { v: 'a*b' },
    matches: true,
  },
  {
    name: 'escaped star does not match other text',
    pattern: { v: [{ wildcard: 'a\\*b' }] },
    event: { v: 'axb' },
    matches: false,
  },
  {
    name: 'escaped backslash then a star',
    pattern: { v: [{ wildcard: 'a\\\\*' }] },
    event: { v: 'a\\xyz' },
    matches: true,
  },
  {
    name: 'escaped backslash is required in the value',
    pattern: { v: [{ wildcard: 'a\\\\*' }] },
    event: { v: 'axyz' },
    matches: false,
  },
  { name: 'escaped star then a star', pattern: { v: [{ wildcard: 'a\\**' }] }, event: { v: 'a*tail' }, matches: true },
];

const anythingBut: MatchCase[] = [
  {
    name: 'anything-but string, other value',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: 'running' } },
    matches: true,
  },
  {
    name: 'anything-but string, excluded value',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: 'initializing' } },
    matches: false,
  },
  {
    name: 'anything-but does not match a missing field',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: {} },
    matches: false,
  },
  {
    name: 'anything-but does not match under a missing parent',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { source: 'x' },
    matches: false,
  },
  {
    name: 'anything-but does not match an object value',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: { code: 1 } } },
    matches: false,
  },
  {
    name: 'anything-but does not match an empty array',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: [] } },
    matches: false,
  },
  {
    name: 'anything-but matches null',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: null } },
    matches: true,
  },
  {
    name: 'anything-but string is case-sensitive',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: 'INITIALIZING' } },
    matches: true,
  },
  {
    name: 'anything-but number, excluded',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: { detail: { 'x-limit': 123 } },
    matches: false,
  },
  {
    name: 'anything-but number, excluded as 123.0',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: json('{"detail": {"x-limit": 123.0}}'),
    matches: false,
  },
  {
    name: 'anything-but number, other number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: { detail: { 'x-limit': 124 } },
    matches: true,
  },
  {
    name: 'anything-but number, the string "123"',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: { detail: { 'x-limit': '123' } },
    matches: true,
  },
  {
    name: 'anything-but string list, excluded',
    pattern: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] },
    event: { state: 'stopped' },
    matches: false,
  },
  {
    name: 'anything-but string list, other',
    pattern: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] },
    event: { state: 'running' },
    matches: true,
  },
  {
    name: 'anything-but number list, excluded',
    pattern: { n: [{ 'anything-but': [100, 200, 300] }] },
    event: { n: 200 },
    matches: false,
  },
  {
    name: 'anything-but number list, other',
    pattern: { n: [{ 'anything-but': [100, 200, 300] }] },
    event: { n: 150 },
    matches: true,
  },
  {
    name: 'anything-but prefix, excluded',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 'initializing' },
    matches: false,
  },
  {
    name: 'anything-but prefix, other',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 'running' },
    matches: true,
  },
  {
    name: 'anything-but prefix matches a number',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: { state: 12 },
    matches: true,
  },
  {
    name: 'anything-but prefix, missing field',
    pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
    event: {},
    matches: false,
  },
  {
    name: 'anything-but prefix list, other',
    pattern: { region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] },
    event: { region: 'ap-south-1' },
    matches: true,
  },
  {
    name: 'anything-but prefix list, excluded',
    pattern: { region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] },
    event: { region: 'eu-west-1' },
    matches: false,
  },
  {
    name: 'anything-but suffix, other',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'a.txt' },
    matches: true,
  },
  {
    name: 'anything-but suffix, excluded',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'a.png' },
    matches: false,
  },
  {
    name: 'anything-but equals-ignore-case, excluded',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'INITIALIZING' },
    matches: false,
  },
  {
    name: 'anything-but equals-ignore-case, other',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'running' },
    matches: true,
  },
  {
    name: 'anything-but equals-ignore-case list, excluded',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] },
    event: { state: 'B' },
    matches: false,
  },
  {
    name: 'anything-but wildcard, excluded',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/lib/x' },
    matches: false,
  },
  {
    name: 'anything-but wildcard, other',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/bin/x' },
    matches: true,
  },
  {
    name: 'anything-but wildcard, null value',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: null },
    matches: true,
  },
];

const numeric: MatchCase[] = [
  {
    name: 'range: inside',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 3 } },
    matches: true,
  },
  {
    name: 'range: inclusive upper bound',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 5 } },
    matches: true,
  },
  {
    name: 'range: exclusive lower bound',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 0 } },
    matches: false,
  },
  {
    name: 'range: above',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 5.000001 } },
    matches: false,
  },
  {
    name: 'range: inclusive lower bound',
    pattern: { n: [{ numeric: ['>=', -10, '<', 0] }] },
    event: { n: -10 },
    matches: true,
  },
  {
    name: 'range: exclusive upper bound',
    pattern: { n: [{ numeric: ['>=', -10, '<', 0] }] },
    event: { n: 0 },
    matches: false,
  },
  { name: '>= on the bound', pattern: { n: [{ numeric: ['>=', 10] }] }, event: { n: 10 }, matches: true },
  { name: '>= just below', pattern: { n: [{ numeric: ['>=', 10] }] }, event: { n: 9.999 }, matches: false },
  { name: '< on the bound', pattern: { n: [{ numeric: ['<', 10] }] }, event: { n: 10 }, matches: false },
  { name: '< below', pattern: { n: [{ numeric: ['<', 10] }] }, event: { n: -1 }, matches: true },
  { name: '<= on the bound', pattern: { n: [{ numeric: ['<=', 10] }] }, event: { n: 10 }, matches: true },
  {
    name: '> with a float value',
    pattern: { n: [{ numeric: ['>', 100] }] },
    event: json('{"n": 101.0}'),
    matches: true,
  },
  {
    name: '= with exponent notation',
    pattern: { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    event: { detail: { 'x-limit': 301.8 } },
    matches: true,
  },
  { name: '= 5 matches 5.0', pattern: { n: [{ numeric: ['=', 5] }] }, event: json('{"n": 5.0}'), matches: true },
  { name: '= other number', pattern: { n: [{ numeric: ['=', 5] }] }, event: { n: 5.5 }, matches: false },
  {
    name: 'numeric does not match the string "5"',
    pattern: { n: [{ numeric: ['=', 5] }] },
    event: { n: '5' },
    matches: false,
  },
  { name: 'numeric does not match null', pattern: { n: [{ numeric: ['>=', 0] }] }, event: { n: null }, matches: false },
  {
    name: 'numeric does not match a boolean',
    pattern: { n: [{ numeric: ['>=', 0] }] },
    event: { n: true },
    matches: false,
  },
  {
    name: 'numeric does not match a missing field',
    pattern: { n: [{ numeric: ['>=', 0] }] },
    event: {},
    matches: false,
  },
  {
    name: 'two numeric entries are alternatives',
    pattern: { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] },
    event: { n: 150 },
    matches: true,
  },
];

const exists: MatchCase[] = [
  {
    name: 'exists true, present',
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { state: 'pending' } },
    matches: true,
  },
  {
    name: 'exists true, missing',
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { other: 1 } },
    matches: false,
  },
  {
    name: 'exists true, empty string',
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { state: '' } },
    matches: true,
  },
  {
    name: 'exists true, null value',
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { state: null } },
    matches: true,
  },
  {
    name: 'exists true, empty array',
    pattern: { resources: [{ exists: true }] },
    event: { resources: [] },
    matches: false,
  },
  {
    name: 'exists true, object value (not a leaf)',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: { detail: { 'c-count': { c1: 100 } } },
    matches: false,
  },
  {
    name: 'exists false, missing',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { state: 'running' } },
    matches: true,
  },
  {
    name: 'exists false, present',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { 'c-count': 5 } },
    matches: false,
  },
  {
    name: 'exists false, null value is present',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { 'c-count': null } },
    matches: false,
  },
  {
    name: 'exists false, empty array has no value',
    pattern: { resources: [{ exists: false }] },
    event: { resources: [] },
    matches: true,
  },
  {
    name: 'exists false, object value (not a leaf)',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { 'c-count': { c1: 100 } } },
    matches: true,
  },
  {
    name: 'exists false under a missing parent',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { source: 'evote.events' },
    matches: true,
  },
  {
    name: 'exists false under a missing chain of parents',
    pattern: { detail: { level1: { 'level2:': { level3: { level4: [{ exists: false }] } } } } },
    event: { detail: { level1: { level2: 'l2 value' } } },
    matches: true,
  },
  {
    name: 'exists false under a scalar parent',
    pattern: { detail: { state: [{ exists: false }] } },
    event: { detail: 'text' },
    matches: true,
  },
  {
    name: 'exists false beside a matching field',
    pattern: { source: ['evote.events'], detail: { reason: [{ exists: false }] } },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'exists false beside a failing field',
    pattern: { source: ['evote.voters'], detail: { reason: [{ exists: false }] } },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: 'exists false in the element pinned by a sibling: present there',
    pattern: { votes: { electionId: ['e1'], note: [{ exists: false }] } },
    event: { votes: [{ electionId: 'e1', note: 'x' }, { electionId: 'e2' }] },
    matches: false,
  },
  {
    name: 'exists false in the element pinned by a sibling: absent there',
    pattern: { votes: { electionId: ['e1'], note: [{ exists: false }] } },
    event: { votes: [{ electionId: 'e1' }, { electionId: 'e2', note: 'x' }] },
    matches: true,
  },
  {
    name: 'anything-but or exists false, parent missing',
    pattern: { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    event: { dynamodb: { NewImage: { purchased: { N: '789' } } } },
    matches: true,
  },
  {
    name: 'anything-but or exists false, excluded value present',
    pattern: { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    event: { dynamodb: { NewImage: { homemade: { S: 'roses' } } } },
    matches: false,
  },
];

const cidr: MatchCase[] = [
  {
    name: 'IPv4 inside /24',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: { detail: { sourceIPAddress: '10.0.0.255' } },
    matches: true,
  },
  {
    name: 'IPv4 just outside /24',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    event: { detail: { sourceIPAddress: '10.0.1.0' } },
    matches: false,
  },
  { name: 'IPv4 /8', pattern: { ip: [{ cidr: '10.0.0.0/8' }] }, event: { ip: '10.200.3.4' }, matches: true },
  {
    name: 'IPv4 host bits in the pattern are ignored',
    pattern: { ip: [{ cidr: '10.0.0.5/24' }] },
    event: { ip: '10.0.0.77' },
    matches: true,
  },
  {
    name: 'IPv4 /0 matches any IPv4 address',
    pattern: { ip: [{ cidr: '0.0.0.0/0' }] },
    event: { ip: '203.0.113.9' },
    matches: true,
  },
  {
    name: 'IPv4 out-of-range octet is not an address',
    pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
    event: { ip: '10.0.0.256' },
    matches: false,
  },
  {
    name: 'IPv6 inside /32',
    pattern: { ip: [{ cidr: '2001:db8::/32' }] },
    event: { ip: '2001:db8:1234::1' },
    matches: true,
  },
  {
    name: 'IPv6 outside /32',
    pattern: { ip: [{ cidr: '2001:db8::/32' }] },
    event: { ip: '2001:db9::1' },
    matches: false,
  },
  {
    name: 'IPv6 uncompressed value',
    pattern: { ip: [{ cidr: '2001:db8::/64' }] },
    event: { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' },
    matches: true,
  },
  {
    name: 'IPv6 /120 boundary',
    pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/120' }] },
    event: { ip: '2001:db8:1234:1a00::ff' },
    matches: true,
  },
  {
    name: 'IPv6 /120 just outside',
    pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/120' }] },
    event: { ip: '2001:db8:1234:1a00::100' },
    matches: false,
  },
  {
    name: 'IPv4 value against an IPv6 block',
    pattern: { ip: [{ cidr: '::/0' }] },
    event: { ip: '10.0.0.1' },
    matches: false,
  },
  {
    name: 'IPv6 value against an IPv4 block',
    pattern: { ip: [{ cidr: '0.0.0.0/0' }] },
    event: { ip: '::1' },
    matches: false,
  },
  { name: 'non-IP string', pattern: { ip: [{ cidr: '10.0.0.0/8' }] }, event: { ip: 'localhost' }, matches: false },
  {
    name: 'number is not an address',
    pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
    event: { ip: 167772161 },
    matches: false,
  },
];

const or: MatchCase[] = [
  {
    name: '$or: first branch',
    pattern: { $or: [{ source: ['evote.events'] }, { 'detail-type': ['Vote Cast'] }] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: '$or: second branch',
    pattern: { $or: [{ source: ['evote.voters'] }, { 'detail-type': ['Ballot Submitted'] }] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: '$or: no branch',
    pattern: { $or: [{ source: ['evote.voters'] }, { 'detail-type': ['Vote Cast'] }] },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: '$or beside a sibling: both hold',
    pattern: {
      source: ['evote.events'],
      $or: [{ 'detail-type': ['Vote Cast'] }, { detail: { voterId: ['voter-1'] } }],
    },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: '$or beside a sibling: sibling fails',
    pattern: {
      source: ['evote.voters'],
      $or: [{ 'detail-type': ['Ballot Submitted'] }, { detail: { voterId: ['voter-1'] } }],
    },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: '$or beside a sibling: no branch holds',
    pattern: {
      source: ['evote.events'],
      $or: [{ 'detail-type': ['Vote Cast'] }, { detail: { voterId: ['voter-9'] } }],
    },
    event: ballotSubmitted,
    matches: false,
  },
  {
    name: '$or nested inside detail',
    pattern: {
      detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] },
    },
    event: { detail: { 'c-count': 50, 'd-count': 3 } },
    matches: true,
  },
  {
    name: 'parallel $or at two levels',
    pattern: {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    },
    event: { namespace: 'AWS/EC2', detail: { source: 'custom' } },
    matches: false,
  },
  {
    name: '$or branch with an AND inside',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['ReadLatency'] }, { metricType: ['MetricType'], namespace: ['AWS/ES'] }],
    },
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
    matches: true,
  },
  {
    name: '$or branch with an AND inside, half matching',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['ReadLatency'] }, { metricType: ['MetricType'], namespace: ['AWS/ES'] }],
    },
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' },
    matches: false,
  },
  {
    name: '$or nested in a $or branch',
    pattern: {
      $or: [{ scope: ['Service'] }, { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }],
    },
    event: { metricType: 'MetricType', spaceId: 1000 },
    matches: true,
  },
  {
    name: '$or with exists false in one branch',
    pattern: { $or: [{ detail: { reason: [{ exists: false }] } }, { detail: { reason: ['VOTER_NOT_FOUND'] } }] },
    event: { detail: { reason: 'BALLOT_NOT_ISSUED' } },
    matches: false,
  },
  {
    name: '$or under an array of objects stays within one element',
    pattern: { votes: { electionId: ['e1'], $or: [{ candidateId: ['c7'] }, { weight: [2] }] } },
    event: {
      votes: [
        { electionId: 'e1', candidateId: 'c1' },
        { electionId: 'e2', candidateId: 'c7' },
      ],
    },
    matches: false,
  },
];

const realistic: MatchCase[] = [
  {
    name: 'evote rule for Ballot Submitted',
    pattern: { source: ['evote.events'], 'detail-type': ['Ballot Submitted'] },
    event: ballotSubmitted,
    matches: true,
  },
  {
    name: 'evote rule for Vote Cast from the elections service',
    pattern: { source: ['evote.elections'], 'detail-type': ['Vote Cast'] },
    event: { ...ballotSubmitted, 'detail-type': 'Vote Cast' },
    matches: false,
  },
  {
    name: 'evote audit rule on every evote source',
    pattern: { source: [{ prefix: 'evote.' }], 'detail-type': [{ suffix: 'Rejected' }] },
    event: { source: 'evote.voters', 'detail-type': 'Ballot Rejected', detail: { reason: 'VOTER_NOT_FOUND' } },
    matches: true,
  },
  {
    name: 'docs complex example matches',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
      },
    },
    event: {
      time: '2017-10-02T16:24:49Z',
      detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
    },
    matches: true,
  },
  {
    name: 'docs complex example with one field out of range',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    event: { time: '2017-10-02T16:24:49Z', detail: { 'c-count': 5, 'x-limit': 300, state: 'running' } },
    matches: false,
  },
  {
    name: 'mixed entries in one leaf are alternatives',
    pattern: { detail: { reason: ['VOTER_NOT_FOUND', { prefix: 'BALLOT_' }, { exists: false }] } },
    event: { detail: { reason: 'BALLOT_ALREADY_SUBMITTED' } },
    matches: true,
  },
];

const groups: Record<string, MatchCase[]> = {
  'exact values': exactValues,
  'nested objects': nestedObjects,
  'dotted field names': dottedNames,
  'keys with dashes and spaces': specialKeys,
  'arrays in events': eventArrays,
  'prefix and suffix': prefixSuffix,
  'equals-ignore-case': ignoreCase,
  wildcard: wildcards,
  'anything-but': anythingBut,
  numeric,
  exists,
  cidr,
  $or: or,
  'realistic rules': realistic,
};

const allCases = Object.values(groups).flat();

describe('matchesPattern', () => {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases)('$name', ({ pattern, event, matches }) => {
        expect(matchesPattern(pattern, event)).toBe(matches);
      });
    });
  }

  it('has a case table big enough to pin the semantics', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(120);
    expect(new Set(allCases.map((c) => c.name)).size).toBe(allCases.length);
  });

  it('uses only patterns that AWS would accept', () => {
    const invalid = allCases.filter((c) => validatePattern(c.pattern) !== null).map((c) => c.name);
    expect(invalid).toEqual([]);
  });

  it('never matches on a malformed pattern', () => {
    expect(matchesPattern({ source: 'evote.events' }, { source: 'evote.events' })).toBe(false);
    expect(matchesPattern({ source: [{ contains: 'evote' }] }, { source: 'evote.events' })).toBe(false);
    expect(matchesPattern({ state: [{ 'anything-but': { numeric: ['>', 1] } }] }, { state: 'x' })).toBe(false);
    expect(matchesPattern({ state: [{ 'anything-but': null }] }, { state: 'x' })).toBe(false);
    expect(matchesPattern({ state: [{ toString: 'x' }] }, { state: 'x' })).toBe(false);
    expect(matchesPattern({ state: [{ 'anything-but': { constructor: 'y' } }] }, { state: 'x' })).toBe(false);
  });
});
