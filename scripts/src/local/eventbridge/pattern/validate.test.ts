/** Over 250 lines because it is a table of accepted and refused patterns. */
import { loadStackModel } from '../../model/load';
import { repoRoot } from '../../paths';
import { validatePattern } from './index';

/** One row: `reason` is null for a pattern AWS accepts, else a substring of AWS's reason. */
interface ValidationCase {
  name: string;
  pattern: unknown;
  reason: string | null;
}

const REASON_PREFIX = 'Event pattern is not valid. Reason: ';

const valid: ValidationCase[] = [
  { name: 'single exact value', pattern: { source: ['evote.events'] }, reason: null },
  {
    name: 'nested fields and keys with dashes',
    pattern: { 'detail-type': ['Vote Cast'], detail: { 'x-limit': [1] } },
    reason: null,
  },
  { name: 'every scalar type', pattern: { a: ['s', 1, -2.5, true, false, null, ''] }, reason: null },
  {
    name: 'prefix, suffix and their ignore-case forms',
    pattern: {
      a: [
        { prefix: 'p' },
        { suffix: 's' },
        { prefix: { 'equals-ignore-case': 'P' } },
        { suffix: { 'equals-ignore-case': 'S' } },
      ],
    },
    reason: null,
  },
  { name: 'empty prefix', pattern: { a: [{ prefix: '' }] }, reason: null },
  { name: 'equals-ignore-case', pattern: { a: [{ 'equals-ignore-case': 'alice' }] }, reason: null },
  { name: 'wildcard with escapes', pattern: { a: [{ wildcard: 'dir/*/a\\*b\\\\c*' }] }, reason: null },
  { name: 'escaped star followed by a star', pattern: { a: [{ wildcard: 'a\\**' }] }, reason: null },
  {
    name: 'numeric single operators',
    pattern: { a: [{ numeric: ['=', 3.018e2] }, { numeric: ['<', 10] }, { numeric: ['>=', 0] }] },
    reason: null,
  },
  { name: 'numeric range', pattern: { a: [{ numeric: ['>', 0, '<=', 5] }] }, reason: null },
  { name: 'exists true and false', pattern: { a: [{ exists: true }], b: [{ exists: false }] }, reason: null },
  { name: 'cidr IPv4 and IPv6', pattern: { a: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }] }, reason: null },
  {
    name: 'anything-but values and lists',
    pattern: {
      a: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }],
    },
    reason: null,
  },
  {
    name: 'anything-but string matchers',
    pattern: {
      a: [
        { 'anything-but': { prefix: 'init' } },
        { 'anything-but': { prefix: ['us-', 'eu-'] } },
        { 'anything-but': { suffix: '.png' } },
        { 'anything-but': { 'equals-ignore-case': ['a', 'B'] } },
        { 'anything-but': { wildcard: '*/lib/*' } },
        { 'anything-but': { wildcard: '' } },
      ],
    },
    reason: null,
  },
  {
    name: 'dotted keys',
    pattern: { 'detail.state': ['on'], detail: { 'voter.name': [{ prefix: 'A' }] } },
    reason: null,
  },
  { name: 'wildcard with five stars', pattern: { a: [{ wildcard: 'a*b*c*d*e*' }] }, reason: null },
  { name: 'four stars with a repeated run, at the limit', pattern: { a: [{ wildcard: '*:*:*:*' }] }, reason: null },
  {
    name: 'three two-star wildcard values on one field',
    pattern: { id: [{ wildcard: '*:stack/a/*' }, { wildcard: '*:stack/b/*' }, { wildcard: '*:stack/c/*' }] },
    reason: null,
  },
  {
    name: 'four one-star wildcard values on one field',
    pattern: { key: [{ wildcard: '*.bif' }, { wildcard: '*.tiff' }, { wildcard: '*.tif' }, { wildcard: '*.svs' }] },
    reason: null,
  },
  {
    name: 'wildcard weight is counted per field',
    pattern: { a: [{ wildcard: '*1*2*3*' }], b: [{ wildcard: '*1*2*3*' }] },
    reason: null,
  },
  {
    name: '$or at the top and nested',
    pattern: { source: ['s'], $or: [{ a: ['1'] }, { b: { c: ['2'] }, $or: [{ d: [1] }, { e: [2] }] }] },
    reason: null,
  },
];

const invalid: ValidationCase[] = [
  { name: 'null', pattern: null, reason: 'Filter is not an object' },
  { name: 'an array', pattern: ['not', 'a', 'dict'], reason: 'Filter is not an object' },
  { name: 'a JSON string', pattern: '{"source": ["x"]}', reason: 'Filter is not an object' },
  { name: 'empty object', pattern: {}, reason: 'Empty objects are not allowed' },
  { name: 'empty nested object', pattern: { detail: {} }, reason: 'Empty objects are not allowed' },
  { name: 'string leaf', pattern: { string: 'my-value' }, reason: '"string" must be an object or an array' },
  { name: 'number leaf', pattern: { int: 42 }, reason: '"int" must be an object or an array' },
  { name: 'null leaf', pattern: { detail: { state: null } }, reason: '"state" must be an object or an array' },
  { name: 'empty array', pattern: { resources: [] }, reason: 'Empty arrays are not allowed' },
  {
    name: 'array inside a leaf',
    pattern: { a: [['x']] },
    reason: 'Match value must be String, number, true, false, or null',
  },
  {
    name: 'non-finite number',
    pattern: { a: [Number.NaN] },
    reason: 'Match value must be String, number, true, false, or null',
  },
  {
    name: 'undefined inside a leaf',
    pattern: { a: [undefined] },
    reason: 'Match value must be String, number, true, false, or null',
  },
  { name: 'empty matcher', pattern: { a: [{}] }, reason: 'Match expression name not found' },
  { name: 'unknown matcher', pattern: { a: [{ contains: 'x' }] }, reason: 'Unrecognized match type contains' },
  {
    name: 'matcher names are case-sensitive',
    pattern: { detail: { equal: [{ NUMERIC: ['=', 5] }] } },
    reason: 'Unrecognized match type NUMERIC',
  },
  {
    name: 'inherited method name as a matcher',
    pattern: { a: [{ constructor: 'x' }] },
    reason: 'Unrecognized match type constructor',
  },
  {
    name: 'two keys in one matcher',
    pattern: { a: [{ prefix: 'a', suffix: 'b' }] },
    reason: 'Only one key allowed in match expression',
  },
  {
    name: 'prefix not a string',
    pattern: { time: [{ prefix: 123 }] },
    reason: 'prefix match pattern must be a string',
  },
  {
    name: 'prefix list',
    pattern: { time: [{ prefix: ['2022-07-13'] }] },
    reason: 'prefix match pattern must be a string',
  },
  {
    name: 'prefix with another nested matcher',
    pattern: { a: [{ prefix: { wildcard: 'x' } }] },
    reason: 'prefix match pattern must be a string',
  },
  {
    name: 'prefix ignore-case not a string',
    pattern: { a: [{ prefix: { 'equals-ignore-case': 5 } }] },
    reason: 'equals-ignore-case match pattern must be a string',
  },
  {
    name: 'suffix not a string',
    pattern: { FileName: [{ suffix: ['.png'] }] },
    reason: 'suffix match pattern must be a string',
  },
  {
    name: 'equals-ignore-case list',
    pattern: { a: [{ 'equals-ignore-case': ['x'] }] },
    reason: 'equals-ignore-case match pattern must be a string',
  },
  {
    name: 'equals-ignore-case object',
    pattern: { a: [{ 'equals-ignore-case': { prefix: 'ec2' } }] },
    reason: 'equals-ignore-case match pattern must be a string',
  },
  {
    name: 'wildcard not a string',
    pattern: { a: [{ wildcard: 123 }] },
    reason: 'wildcard match pattern must be a string',
  },
  {
    name: 'wildcard with consecutive stars',
    pattern: { key: [{ wildcard: 'abc**def' }] },
    reason: 'Consecutive wildcard characters at pos 4',
  },
  {
    name: 'wildcard with a bad escape',
    pattern: { key: [{ wildcard: 'a\\bc' }] },
    reason: 'Invalid escape character at pos 2',
  },
  {
    name: 'wildcard with a trailing backslash',
    pattern: { key: [{ wildcard: 'abc\\' }] },
    reason: 'Invalid escape character at pos 4',
  },
  {
    name: 'wildcard positions count UTF-8 bytes',
    pattern: { key: [{ wildcard: 'é**' }] },
    reason: 'Consecutive wildcard characters at pos 3',
  },
  {
    name: 'six `*:` in a row (recorded from AWS)',
    pattern: { arn: [{ wildcard: '*:*:*:*:*:*:' }] },
    reason:
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
  },
  {
    name: 'four stars, each followed by the same run',
    pattern: { a: [{ wildcard: '*:*:*:*:' }] },
    reason: 'Rule is too complex',
  },
  { name: 'seven stars in one value', pattern: { a: [{ wildcard: 'a*b*c*d*e*f*g*' }] }, reason: 'Rule is too complex' },
  {
    name: 'four two-star wildcard values on one field',
    pattern: {
      id: [
        { wildcard: '*:stack/a/*' },
        { wildcard: '*:stack/b/*' },
        { wildcard: '*:stack/c/*' },
        { wildcard: '*:stack/d/*' },
      ],
    },
    reason: 'Rule is too complex',
  },
  {
    name: 'wildcards of one field spelled dotted and nested add up',
    pattern: { 'a.b': [{ wildcard: '*1*2*3*' }], a: { b: [{ wildcard: 'x*y*z*' }] } },
    reason: 'Rule is too complex',
  },
  {
    name: 'wildcards of one field in two $or branches add up',
    pattern: { $or: [{ a: [{ wildcard: '*1*2*3*' }] }, { a: [{ wildcard: 'x*y*z*' }], b: ['1'] }] },
    reason: 'Rule is too complex',
  },
  {
    name: 'anything-but wildcards count too',
    pattern: { a: [{ 'anything-but': { wildcard: ['*1*2*3*', 'x*y*z*'] } }] },
    reason: 'Rule is too complex',
  },
  {
    name: 'a syntax error is reported before the cost',
    pattern: { a: [{ wildcard: '*:*:*:*:*:*:' }], b: [{ wildcard: 'x**' }] },
    reason: 'Consecutive wildcard characters at pos 2',
  },
  { name: 'numeric not an array', pattern: { a: [{ numeric: '>' }] }, reason: 'Value of numeric must be an array.' },
  { name: 'numeric empty', pattern: { a: [{ numeric: [] }] }, reason: 'Invalid member in numeric match: ]' },
  {
    name: 'numeric without operator',
    pattern: { a: [{ numeric: [5] }] },
    reason: 'Invalid member in numeric match: 5',
  },
  {
    name: 'numeric unknown operator',
    pattern: { a: [{ numeric: ['!=', 5] }] },
    reason: 'Unrecognized numeric range operator: !=',
  },
  { name: 'numeric string operand', pattern: { a: [{ numeric: ['>', '5'] }] }, reason: 'Value of > must be numeric' },
  {
    name: 'numeric infinite operand',
    pattern: { a: [{ numeric: ['<', Number.POSITIVE_INFINITY] }] },
    reason: 'Value of < must be numeric',
  },
  {
    name: 'numeric equals non-number',
    pattern: { a: [{ numeric: ['=', null] }] },
    reason: 'Value of equals must be numeric',
  },
  {
    name: 'numeric equals with a bound',
    pattern: { a: [{ numeric: ['=', 5, '<', 6] }] },
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'numeric upper bound first',
    pattern: { a: [{ numeric: ['<', 10, '>', 0] }] },
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'numeric two lower bounds',
    pattern: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] },
    reason: 'Bad numeric range operator: >',
  },
  {
    name: 'numeric missing upper value',
    pattern: { 'c-count': [{ numeric: ['>', 0, '<'] }] },
    reason: 'Value of < must be numeric',
  },
  {
    name: 'numeric bad second operator type',
    pattern: { a: [{ numeric: ['>', 0, 5] }] },
    reason: 'Bad value in numeric range: 5',
  },
  {
    name: 'numeric too many terms',
    pattern: { a: [{ numeric: ['>', 0, '<', 5, '<', 6] }] },
    reason: 'Too many terms in numeric range expression',
  },
  {
    name: 'numeric empty range',
    pattern: { a: [{ numeric: ['>', 5, '<', 5] }] },
    reason: 'Bottom must be less than top',
  },
  {
    name: 'numeric with an extra key',
    pattern: { a: [{ numeric: ['>', 0], exists: true }] },
    reason: 'Too many elements in numeric expression',
  },
  {
    name: 'exists not a boolean',
    pattern: { a: [{ exists: 'true' }] },
    reason: 'exists match pattern must be either true or false.',
  },
  {
    name: 'cidr not a string',
    pattern: { ip: [{ cidr: ['bad-type'] }] },
    reason: 'prefix match pattern must be a string',
  },
  { name: 'cidr without a slash', pattern: { ip: [{ cidr: '10.0.0.0' }] }, reason: "Malformed CIDR, one '/' required" },
  {
    name: 'cidr with a trailing slash',
    pattern: { ip: [{ cidr: '10.0.0.0/' }] },
    reason: "Malformed CIDR, one '/' required",
  },
  {
    name: 'cidr mask not an integer',
    pattern: { ip: [{ cidr: '10.0.0.0/x' }] },
    reason: 'Malformed CIDR, mask bits must be an integer',
  },
  {
    name: 'cidr negative mask',
    pattern: { ip: [{ cidr: '10.0.0.0/-1' }] },
    reason: 'Malformed CIDR, mask bits must not be negative',
  },
  { name: 'cidr bad IPv4', pattern: { ip: [{ cidr: 'xx.11.xx/24' }] }, reason: 'Nonstandard IP address: xx.11.xx' },
  {
    name: 'cidr bad IPv6',
    pattern: { ip: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] },
    reason: 'Nonstandard IP address: xxxx:db8:1234:1a00::',
  },
  {
    name: 'cidr IPv4 mask too long',
    pattern: { ip: [{ cidr: '10.0.0.1/32' }] },
    reason: 'IPv4 mask bits must be < 32',
  },
  {
    name: 'cidr IPv6 mask too long',
    pattern: { ip: [{ cidr: '2001:db8::/128' }] },
    reason: 'IPv6 mask bits must be < 128',
  },
  {
    name: 'anything-but null',
    pattern: { a: [{ 'anything-but': null }] },
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    name: 'anything-but boolean',
    pattern: { a: [{ 'anything-but': true }] },
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  { name: 'anything-but empty list', pattern: { a: [{ 'anything-but': [] }] }, reason: 'mixed type is not supported' },
  {
    name: 'anything-but mixed list',
    pattern: { a: [{ 'anything-but': ['a', 1] }] },
    reason: 'either all values are number or string, mixed type is not supported',
  },
  {
    name: 'anything-but list with null',
    pattern: { a: [{ 'anything-but': ['a', null] }] },
    reason: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    name: 'anything-but empty object',
    pattern: { a: [{ 'anything-but': {} }] },
    reason: 'Anything-But expression name not found',
  },
  {
    name: 'anything-but numeric',
    pattern: { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
    reason: 'Unsupported anything-but pattern: numeric',
  },
  {
    name: 'anything-but inherited method name',
    pattern: { a: [{ 'anything-but': { constructor: 'x' } }] },
    reason: 'Unsupported anything-but pattern: constructor',
  },
  {
    name: 'anything-but empty prefix',
    pattern: { FileName: [{ 'anything-but': { prefix: '' } }] },
    reason: 'Null prefix/suffix not allowed',
  },
  {
    name: 'anything-but prefix number',
    pattern: { state: [{ 'anything-but': { prefix: 123 } }] },
    reason: 'prefix/suffix match pattern must be a string',
  },
  {
    name: 'anything-but suffix list with a number',
    pattern: { FileName: [{ 'anything-but': { suffix: [123, '.txt'] } }] },
    reason: 'prefix/suffix match pattern must be a string',
  },
  {
    name: 'anything-but suffix ignoring case',
    pattern: { FileName: [{ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }] },
    reason: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    name: 'anything-but equals-ignore-case number',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
    reason: 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    name: 'anything-but equals-ignore-case number list',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] },
    reason: 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    name: 'anything-but wildcard list with a number',
    pattern: { state: [{ 'anything-but': { wildcard: [123, '*/dir/*'] } }] },
    reason: 'wildcard match pattern must be a string',
  },
  {
    name: 'anything-but wildcard syntax',
    pattern: { state: [{ 'anything-but': { wildcard: 'a**' } }] },
    reason: 'Consecutive wildcard characters at pos 2',
  },
  {
    name: 'anything-but two keys',
    pattern: { state: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] },
    reason: 'Only one key allowed in match expression',
  },
  {
    name: 'anything-but with an extra key',
    pattern: { state: [{ 'anything-but': 'a', prefix: 'b' }] },
    reason: 'Too many elements in numeric expression',
  },
  { name: '$or not an array', pattern: { $or: { a: ['x'] } }, reason: 'It must be an Array followed with $or.' },
  {
    name: '$or with one branch',
    pattern: { $or: [{ a: ['x'] }] },
    reason: 'There must have at least 2 Objects in $or relationship.',
  },
  {
    name: '$or with a non-object branch',
    pattern: { $or: [{ a: ['x'] }, ['b']] },
    reason: 'Only JSON object is allowed in array of $or relationship.',
  },
  { name: '$or with an empty branch', pattern: { $or: [{ a: ['x'] }, {}] }, reason: 'Empty objects are not allowed' },
  {
    name: '$or branch using a matcher name as a field',
    pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
    reason: 'numeric is Ruler reserved fieldName which cannot be used inside $or.',
  },
  {
    name: '$or reserved name deeper in a branch',
    pattern: { $or: [{ a: ['x'] }, { b: { exists: ['y'] } }] },
    reason: 'exists is Ruler reserved fieldName which cannot be used inside $or.',
  },
  {
    name: 'invalid leaf inside a $or branch',
    pattern: { $or: [{ a: ['x'] }, { b: [{ prefix: 1 }] }] },
    reason: 'prefix match pattern must be a string',
  },
];

describe('validatePattern', () => {
  it.each(valid)('accepts $name', ({ pattern }) => {
    expect(validatePattern(pattern)).toBeNull();
  });

  it.each(invalid)('rejects $name', ({ pattern, reason }) => {
    const message = validatePattern(pattern);
    expect(message).not.toBeNull();
    expect(message?.startsWith(REASON_PREFIX)).toBe(true);
    expect(message).toContain(reason);
  });

  it('accepts every pattern the services declare', async () => {
    const model = await loadStackModel({ root: repoRoot(), stage: 'local' });
    const rules = model.services.flatMap((service) => service.functions.flatMap((fn) => fn.rules));
    const refused = rules
      .map((rule) => ({ rule: rule.name, reason: validatePattern(rule.pattern) }))
      .filter((row) => row.reason !== null);
    expect(rules.length).toBeGreaterThan(0);
    expect(refused).toEqual([]);
  });

  it('has a case table big enough to pin the rules', () => {
    expect(valid.length + invalid.length).toBeGreaterThanOrEqual(30);
    expect(invalid.filter((c) => c.reason === null).map((c) => c.name)).toEqual([]);
  });
});
