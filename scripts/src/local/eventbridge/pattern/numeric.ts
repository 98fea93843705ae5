/**
 * The `numeric` filter: `["=", n]`, one bound (`["<", n]`, `[">=", n]`), or a range that starts
 * with its lower bound (`[">", 0, "<=", 5]`). Parsing follows AWS's grammar and messages, so an
 * upper-then-lower range is rejected here as it is by AWS, not silently accepted.
 */
import { isFiniteNumber, tokenText } from './json';
import { parseError, parsedValue, type Parsed } from './parsed';

export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

export interface NumericRange {
  readonly lower?: Bound;
  readonly upper?: Bound;
}

const LOWER_OPERATORS = new Set(['>', '>=']);
const UPPER_OPERATORS = new Set(['<', '<=']);

export function parseNumeric(operand: unknown): Parsed<NumericRange> {
  if (!Array.isArray(operand)) return parseError('Value of numeric must be an array.');
  const terms: readonly unknown[] = operand;
  const [operator, value] = terms;
  if (typeof operator !== 'string') return parseError(`Invalid member in numeric match: ${tokenText(operator)}`);
  if (operator === '=') return parseEquals(terms);
  if (UPPER_OPERATORS.has(operator)) return parseUpperOnly(terms, operator);
  if (!LOWER_OPERATORS.has(operator)) return parseError(`Unrecognized numeric range operator: ${operator}`);
  if (!isFiniteNumber(value)) return parseError(`Value of ${operator} must be numeric`);
  const lower = { value, inclusive: operator === '>=' };
  return terms.length === 2 ? parsedValue({ lower }) : parseUpperAfterLower(terms, lower);
}

function parseEquals(terms: readonly unknown[]): Parsed<NumericRange> {
  const value = terms[1];
  if (!isFiniteNumber(value)) return parseError('Value of equals must be numeric');
  if (terms.length > 2) return parseError('Too many elements in numeric expression');
  const bound = { value, inclusive: true };
  return parsedValue({ lower: bound, upper: bound });
}

function parseUpperOnly(terms: readonly unknown[], operator: string): Parsed<NumericRange> {
  const value = terms[1];
  if (!isFiniteNumber(value)) return parseError(`Value of ${operator} must be numeric`);
  if (terms.length > 2) return parseError('Too many elements in numeric expression');
  return parsedValue({ upper: { value, inclusive: operator === '<=' } });
}

function parseUpperAfterLower(terms: readonly unknown[], lower: Bound): Parsed<NumericRange> {
  const [, , operator, value] = terms;
  if (typeof operator !== 'string') return parseError(`Bad value in numeric range: ${tokenText(operator)}`);
  if (!UPPER_OPERATORS.has(operator)) return parseError(`Bad numeric range operator: ${operator}`);
  if (!isFiniteNumber(value)) return parseError(`Value of ${operator} must be numeric`);
  if (terms.length > 4) return parseError('Too many terms in numeric range expression');
  if (lower.value >= value) return parseError('Bottom must be less than top');
  return parsedValue({ lower, upper: { value, inclusive: operator === '<=' } });
}

/**
 * AWS compares numbers with limited precision (six decimal places, a bounded range, per the
 * docs); plain double comparison agrees with it for every value inside those limits.
 */
export function inRange(range: NumericRange, value: number): boolean {
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
  return true;
}
