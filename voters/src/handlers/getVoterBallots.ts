/**
 * GET /voters/{voterId}/ballots: `{voterId, fullName, ballots: [{ballotId, ballotState}]}`, for
 * the voter's page. The voter themself or an auditor (domain/access.ts); anyone else gets the
 * very 404 of a voter that does not exist, without the table being read. 401 without claims, 400
 * for a bad id.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  callerOf,
  createLogger,
  jsonResponse,
  lazyHandler,
  validateVoterBallotsQuery,
  type HttpResponse,
  type Logger,
  type VoterBallotsResponse,
} from '@evote/shared';
import { config } from '../config';
import { voterAccess } from '../domain/access';
import type { VoterBallotsReader } from '../domain/model';
import { DynamoVoterRegistry } from '../store/dynamodb/voterRegistry';

export interface GetVoterBallotsDeps {
  readonly voters: VoterBallotsReader;
  /** The jwt claim that names the voter. */
  readonly voterClaim: string;
  readonly logger: Logger;
}

export function createGetVoterBallotsHandler(
  deps: GetVoterBallotsDeps,
): (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<HttpResponse> {
  return async (event) => {
    const caller = callerOf(event, deps.voterClaim);
    if (!caller) return jsonResponse(401, { message: 'Unauthorized' });
    const query = validateVoterBallotsQuery({ ...event.pathParameters });
    if (!query.ok) return jsonResponse(400, { message: 'invalid request', errors: query.errors });
    const { voterId } = query.value;
    const unknown = jsonResponse(404, { message: `no voter ${voterId}`, errors: [] });
    if (voterAccess(caller, voterId) !== 'granted') return unknown;
    try {
      const voter = await deps.voters.readVoterBallots(voterId);
      return voter ? jsonResponse(200, voter satisfies VoterBallotsResponse) : unknown;
    } catch (error) {
      // No voterId in the log: with the request's time it would say who looked at their ballots.
      deps.logger.error('voter ballots not read', { error });
      return jsonResponse(500, { message: 'internal error', errors: [] });
    }
  };
}

/** The production wiring: configuration, voters table, logger. */
export function defaultGetVoterBallotsDeps(): GetVoterBallotsDeps {
  const { votersTable, voterClaim, serviceName } = config();
  return {
    voters: new DynamoVoterRegistry({ tableName: votersTable }),
    voterClaim,
    logger: createLogger({ service: serviceName, function: 'getVoterBallots' }),
  };
}

export const handler = lazyHandler(() => createGetVoterBallotsHandler(defaultGetVoterBallotsDeps()));
