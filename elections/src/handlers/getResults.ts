/**
 * GET /elections/{electionId}/results: the election with its candidates' tallies and the time of
 * the last count; 404 if unknown. Public. Polled by the results page, so it carries an ETag and
 * answers a matching If-None-Match with a 304.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createLogger,
  jsonResponse,
  lazyHandler,
  validateElectionResultsQuery,
  type ElectionResultsResponse,
  type HttpResponse,
  type Logger,
} from '@evote/shared';
import { config } from '../config';
import { revalidatedJson } from '../http/revalidation';
import type { ResultsReader } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface GetResultsDeps {
  readonly results: ResultsReader;
  readonly logger: Logger;
}

export function createGetResultsHandler(
  deps: GetResultsDeps,
): (event: APIGatewayProxyEventV2) => Promise<HttpResponse> {
  return async (event) => {
    const query = validateElectionResultsQuery({ ...event.pathParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    try {
      const results = await deps.results.readResults(query.value.electionId);
      return results
        ? revalidatedJson(results satisfies ElectionResultsResponse, event.headers?.['if-none-match'])
        : jsonResponse(404, { message: `no election ${query.value.electionId}`, errors: [] });
    } catch (error) {
      deps.logger.error('results not read', { electionId: query.value.electionId, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

/** The production wiring: configuration, elections table, logger. */
export function defaultGetResultsDeps(): GetResultsDeps {
  const { electionsTable, serviceName } = config();
  return {
    results: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: 'getResults' }),
  };
}

export const handler = lazyHandler(() => createGetResultsHandler(defaultGetResultsDeps()));
