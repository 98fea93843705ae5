/**
 * GET /elections/{electionId}/votes/{voteId}: `{voteId, saved, counted}`, for the voter's ballot
 * tracker. Behind the jwt authorizer, any valid token; 401 without claims (the handler does not
 * rely on the authorizer alone). 400 for a bad id; an unknown vote answers false/false, exactly
 * as a vote not processed yet, so the route says nothing about which votes exist. It never
 * reads the candidate or the voter (domain/voteStatus.ts).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  callerOf,
  createLogger,
  jsonResponse,
  lazyHandler,
  validateVoteStatusQuery,
  type HttpResponse,
  type Logger,
  type VoteStatusResponse,
} from '@evote/shared';
import { config } from '../config';
import type { VoteStatusReader } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface GetVoteStatusDeps {
  readonly votes: VoteStatusReader;
  /** The jwt claim that names the voter. */
  readonly voterClaim: string;
  readonly logger: Logger;
}

export function createGetVoteStatusHandler(
  deps: GetVoteStatusDeps,
): (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<HttpResponse> {
  return async (event) => {
    if (!callerOf(event, deps.voterClaim)) return jsonResponse(401, { message: 'Unauthorized' });
    const query = validateVoteStatusQuery({ ...event.pathParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    const { electionId, voteId } = query.value;
    try {
      const status: VoteStatusResponse = await deps.votes.readVoteStatus(electionId, voteId);
      return jsonResponse(200, status);
    } catch (error) {
      deps.logger.error('vote status not read', { electionId, voteId, error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

/** The production wiring: configuration, elections table, logger. */
export function defaultGetVoteStatusDeps(): GetVoteStatusDeps {
  const { electionsTable, voterClaim, serviceName } = config();
  return {
    votes: new DynamoElectionStore({ tableName: electionsTable }),
    voterClaim,
    logger: createLogger({ service: serviceName, function: 'getVoteStatus' }),
  };
}

export const handler = lazyHandler(() => createGetVoteStatusHandler(defaultGetVoteStatusDeps()));
