/** GET /elections/{electionId}/results: the election with its candidates' tallies; 404 if unknown. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger, documentClient, jsonResponse, validateElectionResultsQuery, type HttpResponse, type Logger } from '@evote/shared';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { readResults } from '../store/dynamodb/results';

export interface Dependencies {
  client(): Pick<DynamoDBDocumentClient, 'send'>;
  tableName(): string;
  logger: Logger;
}

export function createHandler(deps: Dependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    const query = validateElectionResultsQuery({ ...event.pathParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    try {
      const results = await readResults(deps.client(), deps.tableName(), query.value.electionId);
      return results ? jsonResponse(200, results) : jsonResponse(404, { message: `no election ${query.value.electionId}`, errors: [] });
    } catch (error) {
      deps.logger.error('results not read', { electionId: query.value.electionId, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

export const handler = createHandler({
  client: documentClient,
  tableName: () => config().electionsTable,
  logger: createLogger({ service: process.env.SERVICE_NAME ?? 'evote-elections' }),
});
