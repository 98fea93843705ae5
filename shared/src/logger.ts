/**
 * Structured logging: one JSON object per line on stdout, which CloudWatch Logs (and a local
 * terminal) keeps whole. Log identifiers and outcomes, never whole events or voter names.
 *
 * Configured the way Powertools for AWS Lambda is, so an operator's habits carry over: the
 * threshold is `POWERTOOLS_LOG_LEVEL` (else `LOG_LEVEL`), and `POWERTOOLS_LOGGER_SAMPLE_RATE`
 * turns debug lines on for that share of invocations. Powertools itself was measured and not
 * adopted: with Powertools Metrics it added about 20 ms to load + first event of a cold start.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

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

/** Powertools' level names that ours do not have, mapped to the nearest of ours. */
const ALIASES: Readonly<Record<string, number>> = { trace: SEVERITY.debug, critical: SEVERITY.error, silent: Infinity };

/** Keys the logger owns; a field with one of these names cannot overwrite them. */
const RESERVED = new Set(['level', 'time', 'service', 'correlationId', 'requestId', 'msg']);

/** What one Lambda invocation contributes to every line written while it runs. */
export interface Invocation {
  /** The Lambda request id (`context.awsRequestId`). */
  readonly requestId?: string;
  /** The correlation id the event carries, for lines whose logger was not bound to one. */
  readonly correlationId?: string;
  /** A number in [0, 1) drawn once per invocation: debug lines are on when it is below the sample rate. */
  readonly sampleDraw: number;
}

/**
 * The invocation being handled. Async-local rather than a module variable because the local
 * runtime runs several invocations at once in one worker thread (Lambda runs one), and a line
 * must never carry another invocation's request id.
 */
const invocations = new AsyncLocalStorage<Invocation>();

/**
 * Runs `handle` as one invocation: every line logged inside it carries `requestId` and, unless the
 * logger has its own, `correlationId`; the debug sampling coin is tossed here, once.
 */
export function withInvocation<R>(
  invocation: { requestId?: string; correlationId?: string },
  handle: () => R,
  random: () => number = Math.random,
): R {
  return invocations.run({ ...invocation, sampleDraw: random() }, handle);
}

export interface LoggerOptions {
  /** Receives each line without its newline (default: stdout); injectable for tests. */
  write?: (line: string) => void;
  /** The environment to read level and sample rate from (default: `process.env`), read once. */
  env?: NodeJS.ProcessEnv;
}

interface Settings {
  threshold: number;
  sampleRate: number;
  write: (line: string) => void;
}

/**
 * Creates a logger.
 *
 * @param base fields on every line; `service` is required, `correlationId` is placed up front.
 * @param options where lines go and which environment configures them (see LoggerOptions); a
 *   function is taken as `write`.
 *
 * The threshold is `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL` (debug, info, warn, error, and
 * Powertools' trace, critical, silent; default info). `POWERTOOLS_LOGGER_SAMPLE_RATE` (0..1,
 * default 0) is the share of invocations whose debug lines are written whatever the threshold.
 * An `Error` anywhere in the fields is written as `{name, code, message}`.
 */
export function createLogger(
  base: { service: string } & Record<string, unknown>,
  options: LoggerOptions | ((line: string) => void) = {},
): Logger {
  const { write = (line: string) => process.stdout.write(`${line}\n`), env = process.env } =
    typeof options === 'function' ? { write: options } : options;
  return build({ ...base }, { threshold: thresholdOf(env), sampleRate: sampleRateOf(env), write });
}

function thresholdOf(env: NodeJS.ProcessEnv): number {
  const name = (env.POWERTOOLS_LOG_LEVEL?.trim() || env.LOG_LEVEL?.trim() || '').toLowerCase();
  if (name in SEVERITY) return SEVERITY[name as Level];
  return ALIASES[name] ?? SEVERITY.info;
}

function sampleRateOf(env: NodeJS.ProcessEnv): number {
  const rate = Number(env.POWERTOOLS_LOGGER_SAMPLE_RATE ?? 0);
  return Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 0;
}

/** Whether a line of `level` is written now: above the threshold, or debug in a sampled invocation. */
function enabled(level: Level, settings: Settings, invocation: Invocation | undefined): boolean {
  if (SEVERITY[level] >= settings.threshold) return true;
  // Sampling turns debug on, never a level the operator silenced on purpose (a threshold above error).
  if (level !== 'debug' || settings.threshold === Infinity || invocation === undefined) return false;
  return invocation.sampleDraw < settings.sampleRate;
}

function build(bound: Record<string, unknown>, settings: Settings): Logger {
  const log = (level: Level) => (msg: string, fields?: object) => {
    const invocation = invocations.getStore();
    if (!enabled(level, settings, invocation)) return;
    const context = { correlationId: invocation?.correlationId, requestId: invocation?.requestId };
    // A call may add or override fields (even correlationId), but never the service it logs for.
    settings.write(formatLine(level, msg, { ...context, ...bound, ...fields, service: bound.service }));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => build({ ...bound, ...fields }, settings),
  };
}

function formatLine(level: Level, msg: string, fields: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(fields).filter(([key]) => !RESERVED.has(key)));
  const head = {
    level,
    time: new Date().toISOString(),
    service: fields.service,
    correlationId: fields.correlationId,
    requestId: fields.requestId,
  };
  try {
    return JSON.stringify({ ...head, msg, ...rest }, replaceErrors);
  } catch (err) {
    // A log call must never throw (e.g. a circular or BigInt field): keep the message, drop fields.
    return JSON.stringify({ ...head, msg, logError: `fields not serialisable: ${String(err)}` });
  }
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  // Only the identifying parts: stacks and attached SDK metadata are noise, or worse, data.
  return { name: value.name, code: (value as { code?: unknown }).code, message: value.message };
}
