/** The outcome of parsing a pattern operand: the value, or the AWS-worded reason it is invalid. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function parsedValue<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function parseError<T>(error: string): Parsed<T> {
  return { ok: false, error };
}
