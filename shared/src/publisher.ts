/**
 * The EventBridge publisher: validates, batches within PutEvents limits, checks every result
 * entry (PutEvents answers 200 even when entries fail), retries what is worth retrying, and
 * throws with the entries that still failed. Nothing is silently dropped.
 */
import { backoffMs } from './backoff';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DetailOf } from './contracts';
import { PublishError, ValidationError, type FieldError, type PublishFailure } from './errors';
import type { DetailType, Source } from './names';
import { batches, entrySize, MAX_CALL_BYTES } from './putEventsLimits';
import { validateDetail } from './validation';

/** One event to publish. */
export interface PublishEntry<D extends DetailType = DetailType> {
  detailType: D;
  detail: DetailOf[D];
  resources?: string[];
}

/** Puts events on one bus under one source. */
export interface Publisher {
  /** Publishes the entries; resolves to their event ids, in entry order. */
  publish(entries: readonly PublishEntry[]): Promise<string[]>;
}

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  busName: string;
  source: Source;
  /** Defaults to one client per module, configured from the environment. */
  client?: EventBridgeClient;
  /** Attempts per entry, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff delay in ms; doubles per attempt, with jitter (default 50). */
  baseDelayMs?: number;
  /** Waits between attempts; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** Entry error codes a later attempt can cure; the others (access, malformed detail) cannot. */
const RETRYABLE_CODES = new Set([
  'InternalFailure',
  'InternalException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

let defaultClient: EventBridgeClient | undefined;

/** Created once per module; region and endpoint (AWS_ENDPOINT_URL_EVENTBRIDGE) come from the environment. */
function eventBridge(): EventBridgeClient {
  defaultClient ??= new EventBridgeClient({});
  return defaultClient;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates a publisher for one bus and one source.
 *
 * `publish` throws ValidationError (nothing sent) if a detail breaks its contract, PublishError
 * (nothing sent) if an entry alone exceeds 256 KB, and PublishError listing every entry not
 * accepted after retries. Every call is attempted even if an earlier one had failures, so other
 * entries may have been published by then: consumers are idempotent, so the caller simply fails
 * and is retried as a whole.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
  const settings: Settings = {
    busName: options.busName,
    source: options.source,
    client: options.client ?? eventBridge(),
    maxAttempts,
    baseDelayMs: options.baseDelayMs ?? 50,
    sleep: options.sleep ?? wait,
  };
  return { publish: (entries) => publish(settings, entries) };
}

type Settings = Required<PublisherOptions>;

/** What is known so far in one `publish` call: event ids by entry index, and final failures. */
interface Progress {
  entries: readonly PublishEntry[];
  requests: PutEventsRequestEntry[];
  ids: (string | undefined)[];
  failures: PublishFailure[];
}

async function publish(settings: Settings, entries: readonly PublishEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  assertValid(entries);
  const requests = entries.map((entry) => toRequestEntry(settings, entry));
  assertSizes(entries, requests);
  const progress: Progress = { entries, requests, ids: entries.map(() => undefined), failures: [] };
  try {
    for (const batch of batches(requests)) await deliver(settings, progress, batch);
  } catch (err) {
    throw requestFailed(progress, err);
  }
  if (progress.failures.length > 0) {
    const failures = [...progress.failures].sort((a, b) => a.index - b.index);
    throw new PublishError(describeFailures(failures, entries.length), failures);
  }
  return progress.ids as string[];
}

function assertValid(entries: readonly PublishEntry[]): void {
  const errors: FieldError[] = entries.flatMap((entry, index) => {
    const result = validateDetail(entry.detailType, entry.detail);
    return result.ok ? [] : result.errors.map((e) => ({ path: `/${index}/detail${e.path}`, message: e.message }));
  });
  if (errors.length > 0) {
    const details = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    throw new ValidationError(errors, `refusing to publish invalid events: ${details}`);
  }
}

function toRequestEntry(settings: Settings, entry: PublishEntry): PutEventsRequestEntry {
  return {
    EventBusName: settings.busName,
    Source: settings.source,
    DetailType: entry.detailType,
    Detail: JSON.stringify(entry.detail),
    ...(entry.resources !== undefined && { Resources: entry.resources }),
  };
}

function assertSizes(entries: readonly PublishEntry[], requests: readonly PutEventsRequestEntry[]): void {
  const failures = requests.flatMap((request, index): PublishFailure[] => {
    const size = entrySize(request);
    if (size <= MAX_CALL_BYTES) return [];
    const errorMessage = `entry is ${size} bytes; PutEvents accepts at most ${MAX_CALL_BYTES}`;
    return [{ index, detailType: entryAt(entries, index).detailType, errorCode: 'EntryTooLarge', errorMessage }];
  });
  if (failures.length > 0) throw new PublishError(`nothing published: ${describeFailures(failures)}`, failures);
}

/** Sends one batch, resending only its retryable failures, until all succeed or attempts run out. */
async function deliver(settings: Settings, progress: Progress, batch: number[]): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const results = await putEvents(settings, progress, pending);
    const lastAttempt = attempt >= settings.maxAttempts;
    pending = record(progress, pending, results, lastAttempt ? attempt : undefined);
    // Equal jitter: half the delay fixed, half random, so the entries of many publishers spread out.
    if (pending.length > 0) await settings.sleep(backoffMs({ baseMs: settings.baseDelayMs, jitter: 'equal' }, attempt));
  }
}

async function putEvents(settings: Settings, progress: Progress, indexes: number[]): Promise<PutEventsResultEntry[]> {
  const Entries = indexes.map((index) => progress.requests[index] as PutEventsRequestEntry);
  const response = await settings.client.send(new PutEventsCommand({ Entries }));
  // Result i belongs to request entry i; without a full list no result can be attributed.
  const results = response.Entries ?? [];
  if (results.length !== indexes.length) {
    throw new Error(`PutEvents answered ${results.length} result entries for ${indexes.length} events`);
  }
  return results;
}

/**
 * Records event ids and final failures; returns the indexes to send again. When `lastAttempt`
 * (its number) is given, retryable failures are final too.
 */
function record(
  progress: Progress,
  indexes: number[],
  results: PutEventsResultEntry[],
  lastAttempt?: number,
): number[] {
  const retry: number[] = [];
  results.forEach((result, i) => {
    const index = indexes[i] as number;
    if (result.EventId) progress.ids[index] = result.EventId;
    else if (isRetryable(result) && lastAttempt === undefined) retry.push(index);
    else progress.failures.push(failure(progress, index, result, lastAttempt));
  });
  return retry;
}

function isRetryable(result: PutEventsResultEntry): boolean {
  return RETRYABLE_CODES.has(result.ErrorCode ?? '');
}

function failure(
  progress: Progress,
  index: number,
  result: PutEventsResultEntry,
  lastAttempt?: number,
): PublishFailure {
  const message = result.ErrorMessage ?? 'PutEvents returned neither an event id nor an error';
  const exhausted = isRetryable(result) && lastAttempt !== undefined;
  return {
    index,
    detailType: entryAt(progress.entries, index).detailType,
    errorCode: result.ErrorCode ?? 'MissingEventId',
    errorMessage: exhausted ? `${message} (still failing after ${lastAttempt} attempts)` : message,
  };
}

/** A whole PutEvents call failed (after the SDK's own retries): every entry without an id failed. */
function requestFailed(progress: Progress, err: unknown): PublishError {
  const { name, message } = err as { name?: unknown; message?: unknown };
  const errorCode = typeof name === 'string' ? name : 'RequestFailed';
  const errorMessage = typeof message === 'string' ? message : String(err);
  const settled = new Set(progress.failures.map((f) => f.index));
  const unsent = progress.entries.flatMap((entry, index): PublishFailure[] => {
    if (progress.ids[index] !== undefined || settled.has(index)) return [];
    return [{ index, detailType: entry.detailType, errorCode, errorMessage }];
  });
  const failures = [...progress.failures, ...unsent].sort((a, b) => a.index - b.index);
  const summary = describeFailures(failures, progress.entries.length);
  return new PublishError(`PutEvents failed (${errorCode}): ${summary}`, failures, { cause: err });
}

function describeFailures(failures: readonly PublishFailure[], total?: number): string {
  const list = failures.map((f) => `#${f.index} ${f.detailType} ${f.errorCode}`).join(', ');
  const count = total === undefined ? `${failures.length}` : `${failures.length} of ${total}`;
  return `${count} events not published: ${list}`;
}

function entryAt(entries: readonly PublishEntry[], index: number): PublishEntry {
  return entries[index] as PublishEntry;
}
