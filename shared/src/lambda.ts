import { EvoteError } from './errors';
import { SourceOf } from './names';
import { parseBusEvent } from './validation';
import type { BusEvent } from './contracts';
import type { DetailType } from './names';

/**
 * parseBusEvent plus a check of `source`. The rules already match on source and detail-type;
 * this keeps a misconfigured rule from letting a forged event through (it throws, so the event
 * is retried and dead-lettered where someone will look at it).
 */
export function parseTrustedEvent<D extends DetailType>(type: D, event: unknown): BusEvent<D> {
  const parsed = parseBusEvent(type, event);
  if (parsed.source !== SourceOf[type]) {
    throw new EvoteError('UNEXPECTED_SOURCE', `${type} must come from ${SourceOf[type]}, not ${parsed.source}.`);
  }
  return parsed;
}

/**
 * A Lambda entry point whose dependencies are built on the first invocation, then reused by the
 * warm container. Importing a handler module (as the tests do) therefore reads no environment.
 */
export function lazyHandler<E, R = void>(build: () => (event: E) => Promise<R>): (event: E) => Promise<R> {
  let built: ((event: E) => Promise<R>) | undefined;
  return async (event) => {
    built ??= build();
    return built(event);
  };
}
