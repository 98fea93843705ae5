/**
 * PutEvents limits: at most 10 entries and 256 KB of entries per call, sized the way
 * EventBridge sizes them (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents accepts at most this many entries per call. */
export const MAX_ENTRIES_PER_CALL = 10;

/** PutEvents accepts at most this many bytes of entries per call (and so per entry). */
export const MAX_CALL_BYTES = 256 * 1024;

/**
 * The size EventBridge charges an entry against the 256 KB limit: the UTF-8 bytes of Source,
 * DetailType, Detail and each Resource, plus 14 bytes when Time is set. EventBusName is free.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const resources = (entry.Resources ?? []).reduce((sum, resource) => sum + utf8Bytes(resource), 0);
  const time = entry.Time !== undefined ? 14 : 0;
  return time + utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail) + resources;
}

function utf8Bytes(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/**
 * Groups entry indexes, in order, into calls within both limits. An entry larger than
 * {@link MAX_CALL_BYTES} gets a call of its own; callers refuse such entries beforehand.
 */
export function batches(requests: readonly PutEventsRequestEntry[]): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  requests.forEach((request, index) => {
    const size = entrySize(request);
    const full = current.length === MAX_ENTRIES_PER_CALL || currentBytes + size > MAX_CALL_BYTES;
    if (full && current.length > 0) {
      result.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += size;
  });
  if (current.length > 0) result.push(current);
  return result;
}
