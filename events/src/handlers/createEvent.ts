/**
 * POST /events (API Gateway HTTP API, payload 2.0): accepts a ballot and publishes it as
 * Ballot Submitted. 202 with the event id and correlation id; 400/413/415 for what the client
 * must fix (nothing is published); 5xx for our faults, logged here and never detailed to the client.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger, PublishError, type Logger, type Publisher } from '@evote/shared';
import { loadConfig } from '../config';
import { busPublisher } from '../adapters/publisher';
import { jsonResponse, rawRequestOf, refusalResponse, type HttpResponse } from '../adapters/http';
import { readBallotRequest } from '../domain/intake';
import { chooseCorrelationId, submitBallot } from '../domain/submitBallot';

export interface Dependencies {
  /** Called per request; the default builds the bus publisher once, on first use. */
  publisher(): Publisher;
  logger: Logger;
  /** A fresh correlation id when the request id cannot serve as one. */
  newId(): string;
}

export function createHandler(deps: Dependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    const correlationId = chooseCorrelationId(event.requestContext?.requestId, deps.newId);
    const log = deps.logger.child({ correlationId });
    const intake = readBallotRequest(rawRequestOf(event));
    if (!intake.accepted) {
      log.warn('ballot refused', { reason: intake.reason, errorCount: intake.errors.length });
      return refusalResponse(intake);
    }
    try {
      const submitted = await submitBallot(intake.request, correlationId, deps.publisher());
      log.info('ballot submitted', { eventId: submitted.eventId, ballotId: submitted.detail.ballotId });
      return jsonResponse(202, submitted);
    } catch (error) {
      log.error('ballot not submitted', { error });
      return faultResponse(error, correlationId);
    }
  };
}

/** 503 when the bus refused the event (worth retrying), 500 for anything else. */
function faultResponse(error: unknown, correlationId: string): HttpResponse {
  if (error instanceof PublishError) {
    return jsonResponse(503, { message: 'the ballot could not be accepted right now; please retry', correlationId, errors: [] });
  }
  return jsonResponse(500, { message: 'internal error', correlationId, errors: [] });
}

let publisher: Publisher | undefined;

export const handler = createHandler({
  publisher: () => (publisher ??= busPublisher(loadConfig())),
  logger: createLogger({ service: process.env.SERVICE_NAME ?? 'evote-events' }),
  newId: randomUUID,
});
