/** API Gateway HTTP API (payload 2.0) glue: the request in, JSON responses out. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  callerOf,
  jsonResponse,
  PublishError,
  type BallotAcceptedResponse,
  type ErrorResponse,
  type GatewayError,
  type HttpResponse,
} from '@evote/shared';
import type { BallotAttempt, Outcome } from '../domain/acceptBallot';
import { IDEMPOTENCY_KEY_HEADER } from '../domain/idempotency';
import { RefusalReason, type RawRequest, type Refusal } from '../domain/intake';

/**
 * The event POST /events receives. The authorizer part is optional on purpose: a route that
 * lost its authorizer delivers none, and the handler must then refuse.
 */
export type BallotHttpEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext?: Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']>;
};

const STATUS_OF: Readonly<Record<RefusalReason, number>> = {
  [RefusalReason.UnsupportedMediaType]: 415,
  [RefusalReason.BodyTooLarge]: 413,
  [RefusalReason.MalformedJson]: 400,
  [RefusalReason.InvalidBallot]: 400,
  [RefusalReason.Unauthenticated]: 401,
  [RefusalReason.NotYourBallot]: 403,
  [RefusalReason.InvalidIdempotencyKey]: 400,
  [RefusalReason.IdempotencyKeyReused]: 422,
  [RefusalReason.IdempotencyKeyInProgress]: 409,
};

/** What the domain needs of the request: caller, key, content type and body bytes. */
export function ballotAttemptOf(event: BallotHttpEvent, voterClaim: string): BallotAttempt {
  return {
    raw: rawRequestOf(event),
    caller: callerOf(event, voterClaim),
    idempotencyKey: headerValue(event.headers, IDEMPOTENCY_KEY_HEADER),
    requestId: event.requestContext?.requestId,
  };
}

/** The content type and body bytes of the request (base64 bodies decoded, so size is real). */
export function rawRequestOf(event: Pick<BallotHttpEvent, 'body' | 'headers' | 'isBase64Encoded'>): RawRequest {
  const body = event.body ?? '';
  return {
    contentType: headerValue(event.headers, 'content-type'),
    body: event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}

/** HTTP API lower-cases header names, but a hand-built event (tests, tools) may not. */
function headerValue(headers: BallotHttpEvent['headers'] | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

/** The response to an outcome of the domain. */
export function responseOf(outcome: Outcome): HttpResponse {
  switch (outcome.kind) {
    case 'accepted': {
      const response = jsonResponse(202, outcome.submitted satisfies BallotAcceptedResponse);
      // The same answer as the first time; the header only tells a curious client it was a replay.
      if (outcome.replayed) response.headers['idempotent-replayed'] = 'true';
      return response;
    }
    case 'refused':
      return refusalResponse(outcome.refusal);
    case 'failed':
      return faultResponse(outcome.error, outcome.correlationId);
  }
}

export function refusalResponse(refusal: Refusal): HttpResponse {
  // Exactly what API Gateway answers for a missing token, so a client sees one 401 whoever refused.
  if (refusal.reason === RefusalReason.Unauthenticated) {
    const unauthorized: GatewayError = { message: 'Unauthorized' };
    return withHeader(jsonResponse(401, unauthorized), 'www-authenticate', 'Bearer');
  }
  const body: ErrorResponse = { message: refusal.message, errors: refusal.errors };
  const response = jsonResponse(STATUS_OF[refusal.reason], body);
  return refusal.reason === RefusalReason.IdempotencyKeyInProgress
    ? withHeader(response, 'retry-after', '1')
    : response;
}

/** 503 when the bus refused the event (worth retrying), 500 for anything else; never details. */
function faultResponse(error: unknown, correlationId: string): HttpResponse {
  if (error instanceof PublishError) {
    return jsonResponse(503, {
      message: 'the ballot could not be accepted right now; please retry',
      correlationId,
      errors: [],
    } satisfies ErrorResponse);
  }
  return jsonResponse(500, { message: 'internal error', correlationId, errors: [] } satisfies ErrorResponse);
}

function withHeader(response: HttpResponse, name: string, value: string): HttpResponse {
  return { ...response, headers: { ...response.headers, [name]: value } };
}
