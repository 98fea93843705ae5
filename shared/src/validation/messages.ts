/**
 * Turns ajv's errors into `FieldError`s a client can act on: the path names the field itself
 * (also for a missing or an extra property) and the message says what the field must be.
 */
import type { ErrorObject } from 'ajv';
import { IDENTIFIER_PATTERN, IDENTIFIER_RULE } from '../contracts/common';
import type { FieldError } from '../errors';
import { appendPointer, comparePointers, pointerTokens } from './pointer';

/** Human words for the patterns used in the contracts. */
const PATTERN_RULES: Readonly<Record<string, string>> = { [IDENTIFIER_PATTERN]: IDENTIFIER_RULE };

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

type Params = Record<string, unknown>;

/**
 * Converts ajv errors to field errors, deduplicated and in a stable order (by path, array
 * indexes numerically, then by message).
 *
 * @param errors the `errors` left on a standalone validator.
 * @param schema the schema that validator was compiled from, to read sibling bounds (so a
 *   too-long name reads "must be 1 to 200 characters", not just "must be at most 200 ...").
 * @param prefix a pointer prepended to every path (e.g. "/detail" for a whole event).
 */
export function toFieldErrors(errors: readonly ErrorObject[], schema: object, prefix = ''): FieldError[] {
  return normaliseFieldErrors(
    errors.map((error) => {
      const field = fieldError(error, schema);
      return { path: prefix + field.path, message: field.message };
    }),
  );
}

/** Removes duplicate (path, message) pairs and sorts by path, then message. */
export function normaliseFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const unique = new Map(errors.map((error) => [`${error.path}\u0000${error.message}`, error]));
  return [...unique.values()].sort(
    (a, b) => comparePointers(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

function fieldError(error: ErrorObject, schema: object): FieldError {
  const params = error.params as Params;
  switch (error.keyword) {
    case 'required':
      return { path: appendPointer(error.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return {
        path: appendPointer(error.instancePath, String(params.additionalProperty)),
        message: 'is not an allowed property',
      };
    default:
      return { path: error.instancePath, message: keywordMessage(error, params, schema) };
  }
}

function keywordMessage(error: ErrorObject, params: Params, schema: object): string {
  switch (error.keyword) {
    case 'type':
      return typeMessage(String(params.type));
    case 'minLength':
    case 'maxLength':
      return rangeMessage(siblings(schema, error.schemaPath), 'minLength', 'maxLength', 'must be', 'characters');
    case 'minItems':
    case 'maxItems':
      return rangeMessage(siblings(schema, error.schemaPath), 'minItems', 'maxItems', 'must contain', 'items');
    case 'pattern':
      return PATTERN_RULES[String(params.pattern)] ?? `must match the pattern ${String(params.pattern)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function typeMessage(types: string): string {
  const words = types.split(',').map((type) => TYPE_WORDS[type] ?? type);
  return `must be ${words.join(' or ')}`;
}

/** "must be 1 to 200 characters", or a one-sided bound when the schema gives only one. */
function rangeMessage(schema: Params, minKey: string, maxKey: string, verb: string, unit: string): string {
  const min = typeof schema[minKey] === 'number' ? schema[minKey] : undefined;
  const max = typeof schema[maxKey] === 'number' ? schema[maxKey] : undefined;
  if (min !== undefined && max !== undefined) {
    return min === max ? `${verb} exactly ${min} ${unit}` : `${verb} ${min} to ${max} ${unit}`;
  }
  if (max !== undefined) return `${verb} at most ${max} ${unit}`;
  if (min === 1) return 'must not be empty';
  return `${verb} at least ${min ?? 0} ${unit}`;
}

/** The schema object holding the failed keyword: the schemaPath ("#/properties/a/maxLength") without its last token. */
function siblings(schema: object, schemaPath: string): Params {
  const tokens = pointerTokens(schemaPath.replace(/^#/, '')).slice(0, -1);
  let node: unknown = schema;
  for (const token of tokens) {
    node = typeof node === 'object' && node !== null ? (node as Params)[token] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Params) : {};
}
