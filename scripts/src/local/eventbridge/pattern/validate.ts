/**
 * Pattern validation as PutRule does it: the first problem found is reported in the words of
 * AWS's InvalidEventPatternException ("Event pattern is not valid. Reason: ..."), so a pattern
 * that would fail to deploy fails locally with the same message. The shape is checked first;
 * the cost of the wildcards, which AWS weighs per field once the pattern is compiled, after it.
 * Over 250 lines because it holds one small check per construct of AWS's pattern grammar, all
 * sharing the recursion and AWS's wording.
 */
import { fieldName } from './fieldNames';
import { parseCidr } from './ip';
import { isFiniteNumber, isJsonObject, type JsonObject } from './json';
import { parseNumeric } from './numeric';
import { WILDCARD_TOO_COMPLEX, WILDCARD_WEIGHT_LIMIT, wildcardSyntaxError, wildcardWeight } from './wildcard';

const REASON_PREFIX = 'Event pattern is not valid. Reason: ';
const OR = '$or';
const MULTIPLE_KEYS = 'Only one key allowed in match expression';
/** AWS reuses the numeric wording for an extra key beside `numeric` or `anything-but`. */
const MULTIPLE_KEYS_NUMERIC = 'Too many elements in numeric expression';
const ANYTHING_BUT_TYPE = 'Value of anything-but must be an array or single string/number value.';

/** Matcher names; inside a `$or` branch AWS refuses them as field names to avoid ambiguity. */
const MATCHER_NAMES = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;
const RESERVED_IN_OR = new Set<string>(MATCHER_NAMES);

/** Thrown inside this module only, to stop at the first problem without threading results. */
class InvalidPattern extends Error {}

function invalid(reason: string): never {
  throw new InvalidPattern(reason);
}

/** `null` when AWS would accept the pattern, otherwise AWS's reason. */
export function validatePattern(pattern: unknown): string | null {
  try {
    if (!isJsonObject(pattern)) invalid('Filter is not an object');
    checkObject(pattern, false);
    checkWildcardCost(pattern);
    return null;
  } catch (error) {
    if (error instanceof InvalidPattern) return REASON_PREFIX + error.message;
    throw error;
  }
}

function checkObject(object: JsonObject, insideOr: boolean): void {
  const entries = Object.entries(object);
  if (entries.length === 0) invalid('Empty objects are not allowed');
  for (const [key, value] of entries) {
    if (key === OR) {
      checkOr(value);
    } else {
      checkField(key, value, insideOr);
    }
  }
}

function checkField(key: string, value: unknown, insideOr: boolean): void {
  if (insideOr && RESERVED_IN_OR.has(key))
    invalid(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
  if (Array.isArray(value)) {
    checkLeaf(value);
  } else if (isJsonObject(value)) {
    checkObject(value, insideOr);
  } else {
    invalid(`"${key}" must be an object or an array`);
  }
}

function checkOr(branches: unknown): void {
  if (!Array.isArray(branches)) invalid('It must be an Array followed with $or.');
  for (const branch of branches as unknown[]) {
    if (!isJsonObject(branch)) invalid('Only JSON object is allowed in array of $or relationship.');
    checkObject(branch, true);
  }
  if (branches.length < 2) invalid('There must have at least 2 Objects in $or relationship.');
}

function checkLeaf(values: readonly unknown[]): void {
  if (values.length === 0) invalid('Empty arrays are not allowed');
  for (const value of values) {
    if (isJsonObject(value)) {
      checkMatcher(value);
    } else if (!isExactValue(value)) {
      invalid('Match value must be String, number, true, false, or null');
    }
  }
}

function isExactValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || value === null || isFiniteNumber(value);
}

type OperandCheck = (operand: unknown) => void;

const OPERAND_CHECKS: Readonly<Record<(typeof MATCHER_NAMES)[number], OperandCheck>> = {
  prefix: (operand) => checkStringOrIgnoreCase(operand, 'prefix match pattern must be a string'),
  suffix: (operand) => checkStringOrIgnoreCase(operand, 'suffix match pattern must be a string'),
  'equals-ignore-case': (operand) => checkString(operand, 'equals-ignore-case match pattern must be a string'),
  wildcard: checkWildcard,
  'anything-but': checkAnythingBut,
  numeric: checkNumeric,
  exists: (operand) => {
    if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.');
  },
  // AWS's message for a non-string CIDR names `prefix`; it is kept so the text matches the service.
  cidr: (operand) => checkCidr(checkString(operand, 'prefix match pattern must be a string')),
};

function checkMatcher(matcher: JsonObject): void {
  const [name, ...others] = Object.keys(matcher);
  if (name === undefined) invalid('Match expression name not found');
  if (!isMatcherName(name)) invalid(`Unrecognized match type ${name}`);
  OPERAND_CHECKS[name](matcher[name]);
  if (others.length > 0) invalid(name === 'numeric' || name === 'anything-but' ? MULTIPLE_KEYS_NUMERIC : MULTIPLE_KEYS);
}

function isMatcherName(name: string): name is (typeof MATCHER_NAMES)[number] {
  return RESERVED_IN_OR.has(name);
}

function checkString(operand: unknown, message: string): string {
  if (typeof operand !== 'string') invalid(message);
  return operand;
}

/** `prefix`/`suffix` take a string or `{ "equals-ignore-case": "..." }`. */
function checkStringOrIgnoreCase(operand: unknown, message: string): void {
  if (!isJsonObject(operand)) {
    checkString(operand, message);
    return;
  }
  const [name, ...others] = Object.keys(operand);
  if (name !== 'equals-ignore-case') invalid(message);
  checkString(operand[name], 'equals-ignore-case match pattern must be a string');
  if (others.length > 0) invalid(MULTIPLE_KEYS);
}

function checkWildcard(operand: unknown): void {
  const error = wildcardSyntaxError(checkString(operand, 'wildcard match pattern must be a string'));
  if (error !== null) invalid(error);
}

function checkNumeric(operand: unknown): void {
  const parsed = parseNumeric(operand);
  if (!parsed.ok) invalid(parsed.error);
}

function checkCidr(operand: string): void {
  const parsed = parseCidr(operand);
  if (!parsed.ok) invalid(parsed.error);
}

function checkAnythingBut(operand: unknown): void {
  if (typeof operand === 'string' || isFiniteNumber(operand)) return;
  if (Array.isArray(operand)) {
    checkAnythingButList(operand);
  } else if (isJsonObject(operand)) {
    checkAnythingButMatcher(operand);
  } else {
    invalid(ANYTHING_BUT_TYPE);
  }
}

/** A list of only strings or only numbers: the values the field must not equal. */
function checkAnythingButList(values: readonly unknown[]): void {
  if (values.some((value) => typeof value !== 'string' && !isFiniteNumber(value))) {
    invalid('Inside anything but list, start|null|boolean is not supported.');
  }
  const strings = values.filter((value) => typeof value === 'string').length;
  if (strings === 0 ? values.length === 0 : strings !== values.length) {
    invalid('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
}

type AnythingButCheck = (operand: unknown) => void;

/** A Map, so `{"anything-but": {"constructor": ...}}` is unsupported rather than an inherited method. */
const ANYTHING_BUT_CHECKS: ReadonlyMap<string, AnythingButCheck> = new Map<string, AnythingButCheck>([
  ['prefix', (operand) => forEachStringOperand(operand, checkAffix)],
  ['suffix', (operand) => forEachStringOperand(operand, checkAffix)],
  ['wildcard', (operand) => forEachStringOperand(operand, checkWildcard)],
  [
    'equals-ignore-case',
    (operand) =>
      forEachStringOperand(operand, (value) =>
        checkString(value, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'),
      ),
  ],
]);

/** `{prefix}`, `{suffix}`, `{wildcard}` or `{equals-ignore-case}`, each a string or a list of them. */
function checkAnythingButMatcher(matcher: JsonObject): void {
  const [name, ...others] = Object.keys(matcher);
  if (name === undefined) invalid('Anything-But expression name not found');
  const check = ANYTHING_BUT_CHECKS.get(name);
  if (check === undefined) invalid(`Unsupported anything-but pattern: ${name}`);
  check(matcher[name]);
  if (others.length > 0) invalid(MULTIPLE_KEYS);
}

/**
 * A nested matcher object (`{"prefix": {"equals-ignore-case": ...}}`) is not allowed under
 * anything-but; AWS reports it with its generic anything-but message.
 */
function forEachStringOperand(operand: unknown, check: (value: unknown) => void): void {
  if (isJsonObject(operand)) invalid(ANYTHING_BUT_TYPE);
  if (!Array.isArray(operand)) {
    check(operand);
    return;
  }
  if (operand.length === 0) invalid('Empty arrays are not allowed');
  operand.forEach(check);
}

/** An empty prefix or suffix would exclude every string, which AWS refuses outright. */
function checkAffix(value: unknown): void {
  if (checkString(value, 'prefix/suffix match pattern must be a string') === '')
    invalid('Null prefix/suffix not allowed');
}

/**
 * Refuses a pattern when the wildcard values of one field weigh more than the limit. Fields are
 * counted by name, so `{"a.b": ...}` and `{"a": {"b": ...}}` add up, and so do `$or` branches:
 * AWS compiles them all into one matcher per field. Runs on a pattern whose shape is valid.
 */
function checkWildcardCost(pattern: JsonObject): void {
  const weights = new Map<string, number>();
  addWildcardWeights(pattern, '', weights);
  for (const weight of weights.values()) {
    if (weight > WILDCARD_WEIGHT_LIMIT) invalid(WILDCARD_TOO_COMPLEX);
  }
}

function addWildcardWeights(object: JsonObject, parent: string, weights: Map<string, number>): void {
  for (const [key, value] of Object.entries(object)) {
    if (key === OR && Array.isArray(value)) {
      value.forEach((branch: JsonObject) => addWildcardWeights(branch, parent, weights));
      continue;
    }
    const name = fieldName(parent, key);
    if (isJsonObject(value)) {
      addWildcardWeights(value, name, weights);
    } else if (Array.isArray(value)) {
      const weight = value.flatMap(wildcardsOf).reduce((sum, wildcard) => sum + wildcardWeight(wildcard), 0);
      if (weight > 0) weights.set(name, (weights.get(name) ?? 0) + weight);
    }
  }
}

/** The wildcard strings of one leaf entry: `{wildcard}` and `{anything-but: {wildcard}}`. */
function wildcardsOf(entry: unknown): string[] {
  if (!isJsonObject(entry)) return [];
  if (typeof entry.wildcard === 'string') return [entry.wildcard];
  const excluded = entry['anything-but'];
  if (!isJsonObject(excluded)) return [];
  const wildcard = excluded.wildcard;
  return (Array.isArray(wildcard) ? wildcard : [wildcard]).filter((text): text is string => typeof text === 'string');
}
