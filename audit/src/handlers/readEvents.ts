/**
 * GET /audit/{entityType}/{entityId}/events[?limit=N&next=TOKEN]: an entity's history in stream
 * order, a page at a time. 401 without claims; 400 for bad parameters or a token not issued for
 * this entity; 404 for an entity no event names, and the very same answer for a stream the
 * caller may not read (domain/access.ts says who may read what).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  callerOf,
  createLogger,
  documentClient,
  jsonResponse,
  lazyHandler,
  MAX_PAGE_SIZE,
  validateAuditEventsQuery,
} from '@evote/shared';
import type { AuditEventsResponse, HttpResponse, Logger } from '@evote/shared';
import { config } from '../config';
import { everyEventNames, streamAccess } from '../domain/access';
import { decodePageToken, encodePageToken } from '../domain/pageToken';
import { entityPartition, type Key } from '../domain/keys';
import { readHistoryPage, type HistoryPage } from '../store/dynamodb/history';
import type { EntityRef, EntityType } from '../domain/entities';

const DEFAULT_PAGE_SIZE = 50;

/** Reads one page of an entity's stream (its partition of the audit table, or its shards merged). */
export type HistoryReader = (stream: EntityRef, limit: number, startKey?: Key) => Promise<HistoryPage>;

export interface ReadEventsDeps {
  readonly readPage: HistoryReader;
  /** The jwt claim that names the voter. */
  readonly voterClaim: string;
  readonly logger: Logger;
}

/** What a stream that no event names reads as. */
const NO_EVENTS: HistoryPage = { events: [] };

export function createReadEventsHandler(
  deps: ReadEventsDeps,
): (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<HttpResponse> {
  return async (event) => {
    const caller = callerOf(event, deps.voterClaim);
    if (!caller) return jsonResponse(401, { message: 'Unauthorized' });
    const query = validateAuditEventsQuery({ ...event.pathParameters, ...event.queryStringParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    const { entityType, entityId, limit, next } = query.value;
    const stream: EntityRef = { type: capitalised(entityType), id: entityId };
    const startKey = next === undefined ? undefined : decodePageToken(next, entityPartition(stream.type, stream.id));
    if (next !== undefined && !startKey) {
      return jsonResponse(400, {
        message: 'invalid request',
        errors: [{ path: '/next', message: 'is not a page token issued for this entity' }],
      });
    }
    try {
      const access = streamAccess(caller, stream);
      const visible =
        access.kind === 'granted' ||
        (access.kind === 'ifEveryEventNames' &&
          (await everyEventNames(access.voterId, (key?: Key) => deps.readPage(stream, MAX_PAGE_SIZE, key))));
      // A stream the caller may not read is answered from an empty page, as one that does not exist.
      const page = visible ? await deps.readPage(stream, Number(limit ?? DEFAULT_PAGE_SIZE), startKey) : NO_EVENTS;
      if (page.events.length === 0 && !startKey)
        return jsonResponse(404, { message: `no events name ${entityType} ${entityId}`, errors: [] });
      // The page's shape is checked; its events are the stored envelopes, which the store reads as
      // plain records (each one's detail passed its contract when it was appended).
      const body = {
        events: page.events,
        ...(page.lastKey ? { next: encodePageToken(page.lastKey) } : {}),
      } satisfies Omit<AuditEventsResponse, 'events'> & { events: readonly object[] };
      return jsonResponse(200, body);
    } catch (error) {
      deps.logger.error('history not read', { entityType, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

function capitalised(type: string): EntityType {
  return `${type.charAt(0).toUpperCase()}${type.slice(1)}` as EntityType;
}

/** The production wiring: configuration, audit table, logger. */
export function defaultReadEventsDeps(): ReadEventsDeps {
  const { auditTable, voterClaim, serviceName } = config();
  const client = documentClient();
  return {
    readPage: (stream, limit, startKey) => readHistoryPage(client, auditTable, stream, limit, startKey),
    voterClaim,
    logger: createLogger({ service: serviceName, function: 'readEvents' }),
  };
}

export const handler = lazyHandler(() => createReadEventsHandler(defaultReadEventsDeps()));
