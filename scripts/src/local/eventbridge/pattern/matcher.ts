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
 * - A field is named by its path's keys joined with dots, so a dotted key and the nested objects
 *   it spells are the same field, in the pattern and in the event (see `fieldNames.ts`).
 */
import { existsOperand, matchesEntry, type Scalar } from './conditions';
import { EventFields, splitEvent, splitPattern, type PatternLevel } from './fieldNames';

const NO_FIELDS = new EventFields();

/** Whether the event matches the pattern. The pattern should have passed `validatePattern`. */
export function matchesPattern(pattern: object, event: object): boolean {
  const level = splitPattern(pattern);
  return level !== null && matchesLevel(level, [splitEvent(event)]);
}

/**
 * A pattern level against the event values under the same name. Below an array it is tried on
 * each object element; a name with no object under it (absent, a scalar, `[]`) still satisfies a
 * pattern made only of `exists: false`, because every field under it is absent.
 *
 * Reading chosen where AWS does not document it: `exists: false` below an array of objects asks
 * for the field's absence in the same element that matches the rest of the sub-pattern.
 */
function matchesLevel(level: PatternLevel, values: readonly unknown[]): boolean {
  const objects = values.flatMap(objectsIn);
  if (objects.length === 0) return matchesFields(level, NO_FIELDS);
  return objects.some((object) => matchesFields(level, object));
}

function matchesFields(level: PatternLevel, fields: EventFields): boolean {
  for (const [key, entries] of level.leaves) {
    if (!matchesLeaf(entries, fields.values(key))) return false;
  }
  for (const [key, nested] of level.levels) {
    if (!matchesLevel(nested, fields.values(key))) return false;
  }
  return level.alternatives.every((branches) => branches.some((branch) => matchesFields(branch, fields)));
}

function matchesLeaf(entries: readonly unknown[], values: readonly unknown[]): boolean {
  const scalars = values.flatMap(scalarsIn);
  if (scalars.length === 0) return entries.some((entry) => existsOperand(entry) === false);
  return entries.some((entry) => scalars.some((value) => matchesEntry(entry, value)));
}

/** The leaf values at a node: the scalar itself, or the scalars of a (nested) array. */
function scalarsIn(node: unknown): Scalar[] {
  if (Array.isArray(node)) return node.flatMap(scalarsIn);
  return isScalar(node) ? [node] : [];
}

/** The objects at a node: the object itself, or the objects of a (nested) array. */
function objectsIn(node: unknown): EventFields[] {
  if (Array.isArray(node)) return node.flatMap(objectsIn);
  return node instanceof EventFields ? [node] : [];
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
