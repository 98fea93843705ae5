/**
 * Matching an event against a pattern, following AWS's documented semantics ("Event patterns",
 * "Arrays in event patterns", "Content filtering", "Matching null values and empty strings"):
 *
 * - Every field named in the pattern must match (AND); a leaf matches when any of its entries
 *   matches any of the event's values there (OR). `$or` holds alternatives for its level and is
 *   ANDed with its sibling keys.
 * - Arrays in the event: a leaf matches if any element matches. Below an array of objects the
 *   whole sub-pattern must match inside ONE element, as AWS's "array-consistent" matching does:
 *   `{employees: {first: ["Anna"], last: ["Jones"]}}` does not match Anna Smith + Peter Jones.
 * - Only leaves (strings, numbers, booleans, null) are values. A field that is absent, an object
 *   (an intermediate node) or an empty array has no value: only `exists: false` matches it, and
 *   in particular `anything-but` does not. A field holding null has the value null: `[null]`,
 *   `exists: true` and `anything-but: "x"` all match it.
 * - A missing parent makes every field below it absent, so `exists: false` under it matches.
 */
import { existsOperand, matchesEntry, type Scalar } from './conditions';
import { isJsonObject, ownField, type JsonObject } from './json';

const OR = '$or';
const NO_FIELDS: JsonObject = Object.freeze({});

/** Whether the event matches the pattern. The pattern should have passed `validatePattern`. */
export function matchesPattern(pattern: object, event: object): boolean {
  return isJsonObject(pattern) && matchesNode(pattern, event);
}

/**
 * A pattern object against the event node at the same place. Below an array it is tried on
 * each object element; a node with no object in it (absent, a scalar, `[]`) still satisfies a
 * pattern made only of `exists: false`, because every field under it is absent.
 *
 * Reading chosen where AWS does not document it: `exists: false` below an array of objects asks
 * for the field's absence in the same element that matches the rest of the sub-pattern.
 */
function matchesNode(pattern: JsonObject, node: unknown): boolean {
  const objects = objectsIn(node);
  if (objects.length === 0) return matchesFields(pattern, NO_FIELDS);
  return objects.some((object) => matchesFields(pattern, object));
}

function matchesFields(pattern: JsonObject, object: JsonObject): boolean {
  return Object.entries(pattern).every(([key, expected]) => matchesField(key, expected, object));
}

function matchesField(key: string, expected: unknown, object: JsonObject): boolean {
  if (key === OR && Array.isArray(expected)) {
    return expected.some((branch) => isJsonObject(branch) && matchesFields(branch, object));
  }
  if (Array.isArray(expected)) return matchesLeaf(expected, ownField(object, key));
  if (isJsonObject(expected)) return matchesNode(expected, ownField(object, key));
  return false;
}

function matchesLeaf(entries: readonly unknown[], node: unknown): boolean {
  const values = scalarsIn(node);
  if (values.length === 0) return entries.some((entry) => existsOperand(entry) === false);
  return entries.some((entry) => values.some((value) => matchesEntry(entry, value)));
}

/** The leaf values at a node: the scalar itself, or the scalars of a (nested) array. */
function scalarsIn(node: unknown): Scalar[] {
  if (Array.isArray(node)) return node.flatMap(scalarsIn);
  return isScalar(node) ? [node] : [];
}

/** The objects at a node: the object itself, or the objects of a (nested) array. */
function objectsIn(node: unknown): JsonObject[] {
  if (Array.isArray(node)) return node.flatMap(objectsIn);
  return isJsonObject(node) ? [node] : [];
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
