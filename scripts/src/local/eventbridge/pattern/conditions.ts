/**
 * One entry of a pattern leaf tested against one event value. Values are JSON scalars; objects
 * and arrays were already unpacked by the matcher. Malformed entries never match: patterns are
 * meant to pass `validatePattern` first, and an emulator must not deliver on a pattern AWS refuses.
 */
import { cidrContains, parseCidr, parseIp } from './ip';
import { isJsonObject, type JsonObject } from './json';
import { inRange, parseNumeric } from './numeric';
import { matchesWildcard } from './wildcard';

export type Scalar = string | number | boolean | null;

/** `{ "exists": true|false }`; existence is decided by the matcher, which sees absent fields. */
export function existsOperand(entry: unknown): boolean | undefined {
  if (!isJsonObject(entry) || !Object.prototype.hasOwnProperty.call(entry, 'exists')) return undefined;
  return typeof entry.exists === 'boolean' ? entry.exists : undefined;
}

export function matchesEntry(entry: unknown, value: Scalar): boolean {
  if (!isJsonObject(entry)) return isSameValue(entry, value);
  const [name] = Object.keys(entry);
  const test = name === undefined ? undefined : FILTERS.get(name);
  return name !== undefined && test !== undefined && test(entry[name], value);
}

/**
 * Exact match. Types must agree (the string "5" is not the number 5). Numbers compare by value:
 * AWS docs say numbers match by their string form, but AWS also compiles every pattern number to
 * a numeric-equality test, and a parsed event has lost the spelling anyway, so 5 matches 5.0.
 */
function isSameValue(expected: unknown, value: Scalar): boolean {
  return expected === value;
}

type Filter = (operand: unknown, value: Scalar) => boolean;

/** A Map, not an object literal, so a matcher named `toString` finds nothing instead of a method. */
const FILTERS: ReadonlyMap<string, Filter> = new Map<string, Filter>([
  ['prefix', (operand, value) => affixMatches(operand, value, (text, affix) => text.startsWith(affix))],
  ['suffix', (operand, value) => affixMatches(operand, value, (text, affix) => text.endsWith(affix))],
  [
    'equals-ignore-case',
    (operand, value) =>
      typeof operand === 'string' && typeof value === 'string' && foldCase(value) === foldCase(operand),
  ],
  [
    'wildcard',
    (operand, value) => typeof operand === 'string' && typeof value === 'string' && matchesWildcard(operand, value),
  ],
  ['numeric', numericMatches],
  ['cidr', cidrMatches],
  ['anything-but', (operand, value) => !isExcluded(operand, value)],
  // `exists` only says whether the field is there; a present value always satisfies `true`.
  ['exists', (operand) => operand === true],
]);

/** Case folding for the ignore-case filters: both sides lower-cased, locale-independent. */
function foldCase(text: string): string {
  return text.toLowerCase();
}

/** `prefix`/`suffix` with a string, or with `{ "equals-ignore-case": "..." }`. Strings only. */
function affixMatches(operand: unknown, value: Scalar, test: (text: string, affix: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return test(value, operand);
  const folded = isJsonObject(operand) ? operand['equals-ignore-case'] : undefined;
  return typeof folded === 'string' && test(foldCase(value), foldCase(folded));
}

/** Only JSON numbers are compared numerically; the string "5" is not in any range. */
function numericMatches(operand: unknown, value: Scalar): boolean {
  if (typeof value !== 'number') return false;
  const range = parseNumeric(operand);
  return range.ok && inRange(range.value, value);
}

function cidrMatches(operand: unknown, value: Scalar): boolean {
  if (typeof operand !== 'string' || typeof value !== 'string') return false;
  const block = parseCidr(operand);
  const address = parseIp(value);
  return block.ok && address !== null && cidrContains(block.value, address);
}

/**
 * Whether `anything-but` excludes the value. Only what the operand names is excluded: a value of
 * another type (null, a boolean, a number against string matchers) is "anything but" and matches,
 * as AWS does. An absent field never reaches this point: the matcher treats it as not matching.
 */
function isExcluded(operand: unknown, value: Scalar): boolean {
  if (Array.isArray(operand)) return operand.some((excluded) => isSameValue(excluded, value));
  if (isJsonObject(operand)) return isExcludedByMatcher(operand, value);
  // A malformed operand (null, a boolean) excludes everything, so the filter never matches.
  return typeof operand === 'string' || typeof operand === 'number' ? isSameValue(operand, value) : true;
}

type StringExclusion = (value: string, operand: string) => boolean;

const STRING_EXCLUSIONS: ReadonlyMap<string, StringExclusion> = new Map<string, StringExclusion>([
  ['prefix', (value, prefix) => value.startsWith(prefix)],
  ['suffix', (value, suffix) => value.endsWith(suffix)],
  ['wildcard', (value, wildcard) => matchesWildcard(wildcard, value)],
  ['equals-ignore-case', (value, text) => foldCase(value) === foldCase(text)],
]);

/** `{prefix}`, `{suffix}`, `{wildcard}`, `{equals-ignore-case}`, each a string or list of strings. */
function isExcludedByMatcher(matcher: JsonObject, value: Scalar): boolean {
  const [name] = Object.keys(matcher);
  const test = name === undefined ? undefined : STRING_EXCLUSIONS.get(name);
  if (name === undefined || test === undefined) return true;
  if (typeof value !== 'string') return false;
  const operand = matcher[name];
  const operands: unknown[] = Array.isArray(operand) ? operand : [operand];
  return operands.some((text) => typeof text === 'string' && test(value, text));
}
