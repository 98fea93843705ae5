/**
 * GET /elections/{electionId}/results: the election with its status and, unless embargoed, its
 * candidates' tallies; 404 if unknown. Public. An `after-close` election shows its turnout only
 * until Election Closed (see ../domain/results.ts). Polled by the results page, so it carries an
 * ETag and answers a matching If-None-Match with a 304.
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
import { resultsOf, type ResultsReaderRole } from '../domain/results';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface GetResultsDeps {
  readonly results: ResultsReader;
  readonly logger: Logger;
  /** The clock that tells a scheduled election from an open one. */
  readonly now: () => Date;
}

/** The part of an HTTP API request the results route reads. */
type ResultsRequest = Pick<APIGatewayProxyEventV2, 'pathParameters' | 'headers'>;

/**
 * Who the request comes from: 'public' or 'auditor' (who sees embargoed counts); 'forbidden'
 * (403) or 'unauthenticated' (401) when it may not read results this way.
 */
export type ResultsAccess<E extends ResultsRequest = ResultsRequest> = (
  event: E,
) => ResultsReaderRole | 'forbidden' | 'unauthenticated';

export function createGetResultsHandler<E extends ResultsRequest = APIGatewayProxyEventV2>(
  deps: GetResultsDeps,
  access: ResultsAccess<E> = () => 'public',
): (event: E) => Promise<HttpResponse> {
  return async (event) => {
    const role = access(event);
    if (role === 'unauthenticated') return jsonResponse(401, { message: 'Unauthorized' });
    if (role === 'forbidden')
      return jsonResponse(403, { message: 'only an auditor may read these results', errors: [] });
    const query = validateElectionResultsQuery({ ...event.pathParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    try {
      const election = await deps.results.readResults(query.value.electionId);
      if (!election) return jsonResponse(404, { message: `no election ${query.value.electionId}`, errors: [] });
      const body: ElectionResultsResponse = resultsOf(election, deps.now(), role);
      return revalidatedJson(body, event.headers?.['if-none-match']);
    } catch (error) {
      deps.logger.error('results not read', { electionId: query.value.electionId, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

/** The production wiring: configuration, elections table, logger, clock. */
export function defaultGetResultsDeps(name = 'getResults'): GetResultsDeps {
  const { electionsTable, serviceName } = config();
  return {
    results: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: name }),
    now: () => new Date(),
  };
}

export const handler = lazyHandler(() => createGetResultsHandler(defaultGetResultsDeps()));
