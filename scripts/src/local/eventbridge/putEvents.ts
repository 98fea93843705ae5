import { randomUUID } from 'node:crypto';

/** The event as EventBridge hands it to every target. */
export interface BusEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  'replay-name'?: string;
}

export interface PutEventsRequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: unknown;
  Time?: unknown;
  EventBusName?: unknown;
  TraceHeader?: unknown;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsOutcome {
  response: { Entries: PutEventsResultEntry[]; FailedEntryCount: number };
  /** The accepted events with the bus each is for. */
  accepted: { busName: string; event: BusEnvelope }[];
}

/** A request-level error, answered with HTTP 400 and `{__type, message}` like AWS. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** PutEvents quotas (documented): 10 entries, 256 KB for the whole request. */
export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

export interface PutEventsContext {
  region: string;
  accountId: string;
  knownBuses: ReadonlySet<string>;
  now?: () => Date;
}

/**
 * Validates a PutEvents request as EventBridge does and builds the envelope of every accepted
 * entry. Bad entries fail on their own (ErrorCode/ErrorMessage, counted in FailedEntryCount);
 * valid entries in the same request are still accepted.
 */
export function putEvents(request: unknown, ctx: PutEventsContext): PutEventsOutcome {
  const entries = (request as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries))
    throw new ApiError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const total = entries.reduce((sum: number, entry) => sum + entrySize(entry as PutEventsRequestEntry), 0);
  if (total > MAX_REQUEST_BYTES)
    throw new ApiError('ValidationException', 'Total size of the entries in the request is over the limit.');
  const now = ctx.now ?? (() => new Date());
  const accepted: PutEventsOutcome['accepted'] = [];
  const results = entries.map((entry: PutEventsRequestEntry): PutEventsResultEntry => {
    const checked = checkEntry(entry, ctx);
    if ('ErrorCode' in checked) return checked;
    const event = envelope(entry, checked.detail, ctx, now());
    accepted.push({ busName: checked.busName, event });
    return { EventId: event.id };
  });
  const failed = results.filter((result) => 'ErrorCode' in result).length;
  return { response: { Entries: results, FailedEntryCount: failed }, accepted };
}

/** Entry size as AWS documents it: UTF-8 bytes of Source, DetailType, Detail, Resources; 14 for Time. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((sum: number, item) => sum + bytes(item), 0)
    : 0;
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources
  );
}

type Checked = { busName: string; detail: Record<string, unknown> } | { ErrorCode: string; ErrorMessage: string };

function checkEntry(entry: PutEventsRequestEntry, ctx: PutEventsContext): Checked {
  if (!nonEmptyString(entry.Source)) return invalidArgument('Source');
  if (!nonEmptyString(entry.DetailType)) return invalidArgument('DetailType');
  if (entry.Detail === undefined) return invalidArgument('Detail');
  const detail = parseDetail(entry.Detail);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (entry.Resources !== undefined && !(Array.isArray(entry.Resources) && entry.Resources.every(nonEmptyString))) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
    };
  }
  const busName = busNameOf(entry.EventBusName);
  if (!ctx.knownBuses.has(busName))
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
  return { busName, detail };
}

function invalidArgument(field: string): Checked {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
  };
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Detail must be a JSON object (not an array, string or number). */
function parseDetail(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** EventBusName may be a name or an ARN; absent means the default bus. */
export function busNameOf(value: unknown): string {
  if (!nonEmptyString(value)) return 'default';
  const marker = ':event-bus/';
  return value.includes(marker) ? value.slice(value.indexOf(marker) + marker.length) : value;
}

function envelope(
  entry: PutEventsRequestEntry,
  detail: Record<string, unknown>,
  ctx: PutEventsContext,
  now: Date,
): BusEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': String(entry.DetailType),
    source: String(entry.Source),
    account: ctx.accountId,
    time: eventTime(entry.Time, now),
    region: ctx.region,
    resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
    detail,
  };
}

/** EventBridge writes `time` to the second, e.g. 2022-03-22T18:43:48Z. The SDK sends Time as epoch seconds. */
function eventTime(time: unknown, now: Date): string {
  const date = typeof time === 'number' ? new Date(time * 1000) : now;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
