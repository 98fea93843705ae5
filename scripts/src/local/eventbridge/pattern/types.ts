/**
 * The shape of an EventBridge event pattern, as AWS documents it ("Event patterns" and "Content
 * filtering in Amazon EventBridge event patterns"). The type describes well-formed patterns; it
 * cannot express every rule (a `numeric` list's operator order, `$or` needing two branches), so
 * patterns read from configuration still go through `validatePattern`.
 */

/** A value matched exactly: strings character by character, numbers by numeric value. */
export type ExactValue = string | number | boolean | null;

/** `{ "equals-ignore-case": "..." }`, also accepted as the operand of `prefix` and `suffix`. */
export interface IgnoreCase {
  readonly 'equals-ignore-case': string;
}

/** What `anything-but` may exclude: values, a list of one type, or a string matcher. */
export type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: string | readonly string[] }
  | { readonly suffix: string | readonly string[] }
  | { readonly 'equals-ignore-case': string | readonly string[] }
  | { readonly wildcard: string | readonly string[] };

export type NumericOperator = '<' | '<=' | '=' | '>' | '>=';

/** `["=", 5]`, `["<", 10]`, or a range that starts with its lower bound: `[">", 0, "<=", 5]`. */
export type NumericCondition = readonly [NumericOperator, number] | readonly ['>' | '>=', number, '<' | '<=', number];

/** One content filter: an object with exactly one matcher key. */
export type ContentFilter =
  | { readonly prefix: string | IgnoreCase }
  | { readonly suffix: string | IgnoreCase }
  | { readonly 'equals-ignore-case': string }
  | { readonly wildcard: string }
  | { readonly 'anything-but': AnythingButOperand }
  | { readonly numeric: NumericCondition }
  | { readonly exists: boolean }
  | { readonly cidr: string };

/** The array at a pattern leaf: the field matches when any entry matches. */
export type PatternLeaf = readonly (ExactValue | ContentFilter)[];

/**
 * A pattern object: each key names an event field (a leaf array or a nested pattern), except
 * `$or`, which holds two or more alternative patterns for the same level.
 */
export interface EventPattern {
  readonly [field: string]: PatternLeaf | EventPattern | readonly EventPattern[];
}
