/**
 * GET /audit/elections/{electionId}/results: the results route for auditors, counts included
 * even while an `after-close` election is embargoed. The public route has no authorizer, so it
 * never sees a token (API Gateway passes claims only on routes that validate one); this route has
 * the jwt authorizer, which any valid token passes, and the handler answers 403 to a token
 * without the auditor scope (as the audit routes decide access in their handler).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { callerOf, isAuditor, lazyHandler } from '@evote/shared';
import { config } from '../config';
import { createGetResultsHandler, defaultGetResultsDeps, type ResultsAccess } from './getResults';

/** An auditor reads as an auditor; any other valid token is refused; no claims at all is a 401. */
export function auditorAccess(voterClaim: string): ResultsAccess<APIGatewayProxyEventV2WithJWTAuthorizer> {
  return (event) => {
    const caller = callerOf(event, voterClaim);
    if (!caller) return 'unauthenticated';
    return isAuditor(caller) ? 'auditor' : 'forbidden';
  };
}

export const handler = lazyHandler(() =>
  createGetResultsHandler(defaultGetResultsDeps('getResultsForAuditors'), auditorAccess(config().voterClaim)),
);
