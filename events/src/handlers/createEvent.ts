/**
 * POST /events (API Gateway HTTP API, payload 2.0, behind the jwt authorizer): accepts the
 * caller's own ballot and publishes it as Ballot Submitted, at most once per Idempotency-Key.
 * 202 with the event id and correlation id; 4xx for what the client must fix (nothing is
 * published); 5xx for our faults, logged here and never detailed to the client.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createLogger,
  lazyHandler,
  MetricName,
  metricsFromEnv,
  type HttpResponse,
  type Logger,
  type Metrics,
  type Publisher,
} from '@evote/shared';
import { config } from '../config';
import { ballotAttemptOf, responseOf, type BallotHttpEvent } from '../adapters/http';
import { busPublisher } from '../adapters/publisher';
import { acceptBallot, type Outcome } from '../domain/acceptBallot';
import type { IdempotencyStore } from '../domain/idempotency';
import { DynamoIdempotencyStore } from '../store/dynamodb/idempotencyTable';

export interface CreateEventDeps {
  readonly publisher: Publisher;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The claim that names the voter. */
  readonly voterClaim: string;
  /** A fresh identifier: correlation ids when the request id cannot serve, claim tokens. */
  readonly newId: () => string;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export function createCreateEventHandler(deps: CreateEventDeps): (event: BallotHttpEvent) => Promise<HttpResponse> {
  return async (event) => {
    const outcome = await acceptBallot(ballotAttemptOf(event, deps.voterClaim), deps);
    logOutcome(deps.logger, outcome);
    const response = responseOf(outcome);
    countOutcome(deps.metrics, outcome, response.statusCode);
    return response;
  };
}

/** A new ballot, or a refusal by its status; a replay was counted the first time, a fault by the API's 5xx alarm. */
function countOutcome(metrics: Metrics, outcome: Outcome, status: number): void {
  if (outcome.kind === 'accepted' && !outcome.replayed) metrics.count(MetricName.BallotsAccepted);
  if (outcome.kind === 'refused') metrics.count(MetricName.PostsRefused, 1, { status: String(status) });
}

/** One line per request, with ids only: never the voter id or the votes. */
function logOutcome(logger: Logger, outcome: Outcome): void {
  if (outcome.kind === 'refused') {
    const log = logger.child({ correlationId: outcome.correlationId });
    log.warn('ballot refused', { reason: outcome.refusal.reason, errorCount: outcome.refusal.errors.length });
    return;
  }
  if (outcome.kind === 'failed') {
    logger.child({ correlationId: outcome.correlationId }).error('ballot not submitted', { error: outcome.error });
    return;
  }
  const { eventId, correlationId, detail } = outcome.submitted;
  const log = logger.child({ correlationId });
  const fields = { eventId, ballotId: detail.ballotId, replayed: outcome.replayed };
  if (outcome.recordFailure === undefined) log.info('ballot submitted', fields);
  else
    log.warn('ballot submitted; its Idempotency-Key answer was not recorded', {
      ...fields,
      error: outcome.recordFailure,
    });
}

/** The production wiring: configuration, bus publisher, idempotency table, logger, metrics. */
export function defaultCreateEventDeps(): CreateEventDeps {
  const { eventBusName, idempotencyTable, voterClaim, serviceName } = config();
  return {
    publisher: busPublisher({ eventBusName }),
    idempotency: new DynamoIdempotencyStore({ tableName: idempotencyTable }),
    logger: createLogger({ service: serviceName, function: 'createEvent' }),
    metrics: metricsFromEnv(serviceName),
    voterClaim,
    newId: randomUUID,
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
  };
}

export const handler = lazyHandler(() => createCreateEventHandler(defaultCreateEventDeps()));
