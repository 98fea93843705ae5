/**
 * GET /audit/{entityType}/{entityId}/events[?limit=N&next=TOKEN]: an entity's history in stream
 * order, a page at a time. 400 for bad parameters or a token not issued for this entity, 404
 * for an entity no event names.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger, documentClient, jsonResponse, validateAuditEventsQuery, type HttpResponse, type Logger } from '@evote/shared';
import { loadConfig } from '../config';
import { decodePageToken, encodePageToken } from '../domain/pageToken';
import { entityPartition } from '../store/dynamodb/keys';
import { readHistoryPage } from '../store/dynamodb/history';
import type { DocumentSender } from '../store/dynamodb/auditTable';
import type { EntityType } from '../domain/entities';

const DEFAULT_PAGE_SIZE = 50;

export interface Dependencies {
  client(): DocumentSender;
  tableName(): string;
  logger: Logger;
}

export function createHandler(deps: Dependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    const query = validateAuditEventsQuery({ ...event.pathParameters, ...event.queryStringParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    const { entityType, entityId, limit, next } = query.value;
    const partition = entityPartition(capitalised(entityType), entityId);
    const startKey = next === undefined ? undefined : decodePageToken(next, partition);
    if (next !== undefined && !startKey) {
      return jsonResponse(400, { message: 'invalid request', errors: [{ path: '/next', message: 'is not a page token issued for this entity' }] });
    }
    try {
      const page = await readHistoryPage(deps.client(), deps.tableName(), partition, Number(limit ?? DEFAULT_PAGE_SIZE), startKey);
      if (page.events.length === 0 && !startKey) return jsonResponse(404, { message: `no events name ${entityType} ${entityId}`, errors: [] });
      return jsonResponse(200, { events: page.events, ...(page.lastKey ? { next: encodePageToken(page.lastKey) } : {}) });
    } catch (error) {
      deps.logger.error('history not read', { entityType, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

function capitalised(type: string): EntityType {
  return `${type.charAt(0).toUpperCase()}${type.slice(1)}` as EntityType;
}

export const handler = createHandler({
  client: documentClient,
  tableName: () => loadConfig().auditTable,
  logger: createLogger({ service: process.env.SERVICE_NAME ?? 'evote-audit' }),
});
