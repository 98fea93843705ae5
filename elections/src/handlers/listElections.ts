/** GET /elections: every election with its candidates, without tallies (the ballot page's choices). Public. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createLogger,
  jsonResponse,
  lazyHandler,
  type ElectionListResponse,
  type HttpResponse,
  type Logger,
} from '@evote/shared';
import { config } from '../config';
import type { ElectionLister } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface ListElectionsDeps {
  readonly elections: ElectionLister;
  readonly logger: Logger;
}

export function createListElectionsHandler(
  deps: ListElectionsDeps,
): (event: APIGatewayProxyEventV2) => Promise<HttpResponse> {
  return async () => {
    try {
      return jsonResponse(200, { elections: await deps.elections.listElections() } satisfies ElectionListResponse);
    } catch (error) {
      deps.logger.error('elections not listed', { error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

/** The production wiring: configuration, elections table, logger. */
export function defaultListElectionsDeps(): ListElectionsDeps {
  const { electionsTable, serviceName } = config();
  return {
    elections: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: 'listElections' }),
  };
}

export const handler = lazyHandler(() => createListElectionsHandler(defaultListElectionsDeps()));
