/**
 * The error hierarchy. Every error carries a stable `code` that logs, tests and HTTP mapping can
 * switch on; `name` is the class name, set explicitly because bundlers minify class names.
 */

/** A failure in the field at `path` (a JSON pointer, "" for the value itself). */
export interface FieldError {
  path: string;
  message: string;
}

/** One publish entry that EventBridge did not accept (or that was never sent). */
export interface PublishFailure {
  /** Position of the entry in the array given to `publish`. */
  index: number;
  detailType: string;
  errorCode: string;
  errorMessage: string;
}

/** Base of every evote error. */
export class EvoteError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvoteError';
    this.code = code;
  }
}

/** A value did not match its contract; `errors` says where and why. */
export class ValidationError extends EvoteError {
  readonly errors: FieldError[];

  constructor(errors: FieldError[], message = describeFieldErrors(errors), options?: { cause?: unknown }) {
    super('VALIDATION_FAILED', message, options);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

/** Required configuration (environment variables) is missing or empty. */
export class ConfigError extends EvoteError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_MISSING', message, options);
    this.name = 'ConfigError';
  }
}

/** Events could not be put on the bus; `failures` names each entry that was not accepted. */
export class PublishError extends EvoteError {
  readonly failures: PublishFailure[];

  constructor(message: string, failures: PublishFailure[], options?: { cause?: unknown }) {
    super('PUBLISH_FAILED', message, options);
    this.name = 'PublishError';
    this.failures = failures;
  }
}

function describeFieldErrors(errors: readonly FieldError[]): string {
  const details = errors.map((e) => `${e.path || '(root)'} ${e.message}`).join('; ');
  return `validation failed: ${details}`;
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** True when a DynamoDB write was refused because its condition expression was false. */
export function isConditionalCheckFailed(err: unknown): boolean {
  return errorName(err) === 'ConditionalCheckFailedException';
}

/**
 * The per-item reason codes of a cancelled DynamoDB transaction, in item order ('None' for an
 * item that did not cause the cancellation), or `undefined` when `err` is no such error.
 */
export function cancellationReasons(err: unknown): string[] | undefined {
  if (errorName(err) !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: unknown }).CancellationReasons;
  if (Array.isArray(reasons)) return reasons.map(reasonCode);
  return reasonsFromMessage((err as { message?: unknown }).message);
}

function reasonCode(reason: unknown): string {
  const code = typeof reason === 'object' && reason !== null ? (reason as { Code?: unknown }).Code : undefined;
  return typeof code === 'string' ? code : 'None';
}

/**
 * Fallback for responses without the structured list: the message reads
 * "Transaction cancelled, please refer cancellation reasons for specific reasons [A, None]".
 */
function reasonsFromMessage(message: unknown): string[] {
  if (typeof message !== 'string') return [];
  const list = /\[([^\]]*)\]\s*$/.exec(message)?.[1];
  return list ? list.split(',').map((code) => code.trim() || 'None') : [];
}
