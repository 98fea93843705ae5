/** Small JSON helpers shared by the validator and the matcher. */

export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number EventBridge can compare; JSON cannot carry NaN or Infinity, JavaScript objects can. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * How the AWS parser names a JSON token in its messages (it prints the token's text): strings
 * bare, `[`/`{` for containers, `]` when the array has already ended.
 */
export function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (isJsonObject(value)) return '{';
  return String(value);
}
