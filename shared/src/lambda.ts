import { EvoteError } from './errors';
import { isFromItsSource, SourceOf } from './names';
import { parseBusEvent } from './validation';
import type { BusEvent } from './contracts';
import type { DetailType } from './names';
import { withInvocation, type Logger } from './logger';

/**
 * parseBusEvent plus a check of `source`. The rules already match on source and detail-type;
 * this keeps a misconfigured rule from letting a forged event through (it throws, so the event
 * is retried and dead-lettered where someone will look at it).
 */
export function parseTrustedEvent<D extends DetailType>(type: D, event: unknown): BusEvent<D> {
  const parsed = parseBusEvent(type, event);
  if (!isFromItsSource(type, parsed.source)) {
    throw new EvoteError('UNEXPECTED_SOURCE', `${type} must come from ${SourceOf[type]}, not ${parsed.source}.`);
  }
  return parsed;
}

/** The part of the Lambda context the shared plumbing reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
}

/**
 * A Lambda entry point whose dependencies are built on the first invocation, then reused by the
 * warm container. Importing a handler module (as the tests do) therefore reads no environment.
 * Each invocation runs inside `withInvocation`, so every line it logs carries the Lambda request
 * id and the event's correlation id, whichever logger writes it.
 */
export function lazyHandler<E, R = void>(
  build: () => (event: E) => Promise<R>,
): (event: E, context?: InvocationContext) => Promise<R> {
  let built: ((event: E) => Promise<R>) | undefined;
  return async (event, context) => {
    const { correlationId } = traceOf(event);
    const requestId = context?.awsRequestId;
    return withInvocation({ ...(requestId ? { requestId } : {}), ...(correlationId ? { correlationId } : {}) }, () => {
      built ??= build();
      return built(event);
    });
  };
}

/** How one EventBridge consumer reads its events and labels its log lines. */
export interface ConsumerSpec<E> {
  /** Validates the raw event and returns it typed; throws on anything it may not handle. */
  parse(raw: unknown): E;
  /** Identifiers of the parsed event for every further log line: never a payload or a name. */
  logFields?(event: E): Record<string, unknown>;
  /** The message of the error line written when the event could not be handled. */
  failure: string;
  logger: Logger;
}

/**
 * An EventBridge consumer: parse, then handle with a logger bound to the event's ids; on any
 * failure log one error line and rethrow, so the event is retried and finally dead-lettered
 * (never acknowledged by a swallowed error). The correlation id, event id and detail-type are
 * read from the raw envelope before validation, so even the line of an event that fails to
 * parse can be traced.
 */
export function eventConsumer<E>(
  spec: ConsumerSpec<E>,
  handle: (event: E, log: Logger) => Promise<void>,
): (raw: unknown) => Promise<void> {
  return async (raw) => {
    let log = spec.logger.child(traceOf(raw));
    try {
      const event = spec.parse(raw);
      if (spec.logFields) log = log.child(spec.logFields(event));
      await handle(event, log);
    } catch (error) {
      log.error(spec.failure, { error });
      throw error;
    }
  };
}

/**
 * Ids to log, taken from an unvalidated event: short strings only, so never a payload. A bus
 * envelope's correlation id is in its detail; an HTTP request's is the gateway's request id
 * (what POST /events uses when the client sent no Idempotency-Key).
 */
function traceOf(raw: unknown): { correlationId?: string; eventId?: string; detailType?: string } {
  const envelope = asRecord(raw);
  const trace = {
    correlationId: shortString(
      asRecord(envelope?.detail)?.correlationId ?? asRecord(envelope?.requestContext)?.requestId,
    ),
    eventId: shortString(envelope?.id),
    detailType: shortString(envelope?.['detail-type']),
  };
  return Object.fromEntries(Object.entries(trace).filter(([, value]) => value !== undefined));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

const MAX_TRACE_LENGTH = 64;

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_TRACE_LENGTH ? value : undefined;
}
