/**
 * Structured logging: one JSON object per line on stdout, which CloudWatch Logs (and a local
 * terminal) keeps whole. Log identifiers and outcomes, never whole events or voter names.
 */

/** A structured logger bound to a service and, through `child`, to a correlation id. */
export interface Logger {
  debug(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
  /** A logger that adds `fields` (e.g. `{ correlationId }`) to every line. */
  child(fields: object): Logger;
}

type Level = 'debug' | 'info' | 'warn' | 'error';

const SEVERITY: Readonly<Record<Level, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys the logger owns; a field with one of these names cannot overwrite them. */
const RESERVED = new Set(['level', 'time', 'service', 'correlationId', 'msg']);

/**
 * Creates a logger.
 *
 * @param base fields on every line; `service` is required, `correlationId` is placed up front.
 * @param write receives each line without its newline (default: stdout), injectable for tests.
 *
 * The threshold is `LOG_LEVEL` (debug, info, warn, error; default info), read once here.
 * An `Error` anywhere in the fields is written as `{name, code, message}`.
 */
export function createLogger(
  base: { service: string } & Record<string, unknown>,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return build({ ...base }, thresholdFromEnv(), write);
}

function thresholdFromEnv(): number {
  const name = process.env.LOG_LEVEL?.trim().toLowerCase() ?? '';
  return name in SEVERITY ? SEVERITY[name as Level] : SEVERITY.info;
}

function build(bound: Record<string, unknown>, threshold: number, write: (line: string) => void): Logger {
  const log = (level: Level) => (msg: string, fields?: object) => {
    if (SEVERITY[level] < threshold) return;
    // A call may add or override fields (even correlationId), but never the service it logs for.
    write(formatLine(level, msg, { ...bound, ...fields, service: bound.service }));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => build({ ...bound, ...fields }, threshold, write),
  };
}

function formatLine(level: Level, msg: string, fields: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(fields).filter(([key]) => !RESERVED.has(key)));
  const record = {
    level,
    time: new Date().toISOString(),
    service: fields.service,
    correlationId: fields.correlationId,
    msg,
    ...rest,
  };
  try {
    return JSON.stringify(record, replaceErrors);
  } catch (err) {
    // A log call must never throw (e.g. a circular or BigInt field): keep the message, drop fields.
    const fallback = { level, time: record.time, service: record.service, correlationId: record.correlationId, msg };
    return JSON.stringify({ ...fallback, logError: `fields not serialisable: ${String(err)}` });
  }
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  // Only the identifying parts: stacks and attached SDK metadata are noise, or worse, data.
  return { name: value.name, code: (value as { code?: unknown }).code, message: value.message };
}
