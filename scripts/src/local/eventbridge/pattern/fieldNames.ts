/**
 * How EventBridge names a field: by the keys on its path joined with dots. `{"state": {"status":
 * "on"}}` and `{"state.status": "on"}` both hold the field `state.status`, in an event and in a
 * pattern alike, so a pattern written either way selects an event written either way.
 *
 * The matcher stays structural (it needs the structure for array-consistent matching), so both
 * sides are brought to one shape first: every key is split at its dots into nested levels. Split
 * and join are inverse, so two paths name the same field exactly when their split forms are
 * equal. What one name holds twice is merged:
 *
 * - in an event, every value found under one name is kept (like the values of an array), and two
 *   objects under one name become one object, so their fields still combine as AWS's flat names do;
 * - in a pattern, a later leaf replaces an earlier leaf of the same name (AWS compiles a pattern
 *   into a map from name to values), and sub-patterns under one name are merged.
 */
import { isJsonObject } from './json';

const SEPARATOR = '.';
const OR = '$or';

/** The name of `key` below the field `parent` (`''` at the top of the pattern). */
export function fieldName(parent: string, key: string): string {
  return parent === '' ? key : parent + SEPARATOR + key;
}

/** An event object with dot-free keys; each key holds every value found under that name. */
export class EventFields {
  private readonly byKey = new Map<string, unknown[]>();

  /** The values under `key`, `[]` when the event has none. A Map, so `constructor` is no field. */
  values(key: string): readonly unknown[] {
    return this.byKey.get(key) ?? [];
  }

  add(key: string, value: unknown): void {
    const values = this.byKey.get(key);
    if (values === undefined) {
      this.byKey.set(key, [value]);
      return;
    }
    const object = value instanceof EventFields ? values.find((held) => held instanceof EventFields) : undefined;
    if (object instanceof EventFields && value instanceof EventFields) {
      object.merge(value);
    } else {
      values.push(value);
    }
  }

  /** The same level, one name deeper: `child("state")` for the `status` of `state.status`. */
  child(key: string): EventFields {
    const existing = this.values(key).find((held) => held instanceof EventFields);
    if (existing instanceof EventFields) return existing;
    const created = new EventFields();
    this.add(key, created);
    return created;
  }

  private merge(other: EventFields): void {
    for (const [key, values] of other.byKey) values.forEach((value) => this.add(key, value));
  }
}

/** The event with every object turned into `EventFields`; arrays and scalars are kept. */
export function splitEvent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(splitEvent);
  if (!isJsonObject(value)) return value;
  const fields = new EventFields();
  for (const [key, field] of Object.entries(value)) {
    const segments = key.split(SEPARATOR);
    const last = segments.pop() ?? key;
    const level = segments.reduce((parent, segment) => parent.child(segment), fields);
    level.add(last, splitEvent(field));
  }
  return fields;
}

/** A pattern level with dot-free keys: leaves, sub-patterns and `$or` groups, all ANDed. */
export interface PatternLevel {
  readonly leaves: Map<string, readonly unknown[]>;
  readonly levels: Map<string, PatternLevel>;
  /** Each group holds the alternatives of one `$or`; one of them must hold. */
  readonly alternatives: PatternLevel[][];
}

/** Thrown inside this module only: the pattern is not one AWS would accept. */
class MalformedPattern extends Error {}

/**
 * The pattern with every key split at its dots, or `null` for a malformed pattern (one that
 * `validatePattern` refuses for its shape), which must then match nothing.
 */
export function splitPattern(pattern: unknown): PatternLevel | null {
  if (!isJsonObject(pattern)) return null;
  try {
    const top = emptyLevel();
    addToLevel(top, pattern);
    return top;
  } catch (error) {
    if (error instanceof MalformedPattern) return null;
    throw error;
  }
}

function emptyLevel(): PatternLevel {
  return { leaves: new Map(), levels: new Map(), alternatives: [] };
}

function addToLevel(level: PatternLevel, pattern: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(pattern)) {
    if (key === OR && Array.isArray(value)) {
      level.alternatives.push(value.map(splitBranch));
      continue;
    }
    const segments = key.split(SEPARATOR);
    const last = segments.pop() ?? key;
    const parent = segments.reduce(subLevel, level);
    if (Array.isArray(value)) {
      parent.leaves.set(last, value);
    } else if (isJsonObject(value)) {
      addToLevel(subLevel(parent, last), value);
    } else {
      throw new MalformedPattern();
    }
  }
}

function splitBranch(branch: unknown): PatternLevel {
  if (!isJsonObject(branch)) throw new MalformedPattern();
  const level = emptyLevel();
  addToLevel(level, branch);
  return level;
}

function subLevel(level: PatternLevel, key: string): PatternLevel {
  const existing = level.levels.get(key);
  if (existing !== undefined) return existing;
  const created = emptyLevel();
  level.levels.set(key, created);
  return created;
}
