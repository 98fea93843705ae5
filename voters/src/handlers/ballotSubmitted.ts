import {
  createLogger,
  createPublisher,
  DetailType,
  eventConsumer,
  lazyHandler,
  MetricName,
  metricsFromEnv,
  parseTrustedEvent,
  Source,
} from '@evote/shared';
import type { Logger, Metrics, Publisher } from '@evote/shared';
import { config } from '../config';
import type { VoterRegistry } from '../domain/model';
import { verifyBallot } from '../domain/verifyBallot';
import { DynamoVoterRegistry } from '../store/dynamodb/voterRegistry';

export interface BallotSubmittedDeps {
  readonly registry: VoterRegistry;
  readonly publisher: Publisher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

/**
 * Ballot Submitted -> Ballot Verified or Ballot Rejected. Throws on any failure (bad event,
 * store or publish error), so EventBridge retries the event and then dead-letters it.
 */
export function createBallotSubmittedHandler(deps: BallotSubmittedDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    {
      parse: (raw) => parseTrustedEvent(DetailType.BallotSubmitted, raw),
      logFields: ({ detail }) => ({ ballotId: detail.ballotId, voterId: detail.voterId }),
      failure: 'ballot check failed',
      logger: deps.logger,
    },
    async ({ detail }, log) => {
      const verification = await verifyBallot(detail, deps);
      await deps.publisher.publish([{ detailType: verification.detailType, detail: verification.detail }]);
      // Counted once published. A redelivery is not counted again, nor is a ballot whose first
      // publish failed (its retry is a redelivery): the rare failed publish undercounts, rather
      // than every duplicate delivery overcounting.
      if (verification.outcome !== 'verified')
        deps.metrics.count(MetricName.BallotsRejected, 1, { reason: verification.detail.reason });
      else if (!verification.redelivery) deps.metrics.count(MetricName.BallotsVerified);
      log.info('ballot checked', {
        outcome: verification.outcome,
        ...(verification.outcome === 'verified'
          ? { redelivery: verification.redelivery }
          : { reason: verification.detail.reason }),
      });
    },
  );
}

/** The production wiring: configuration, voters table, bus publisher, logger, metrics. */
export function defaultBallotSubmittedDeps(): BallotSubmittedDeps {
  const { votersTable, eventBusName, serviceName } = config();
  return {
    registry: new DynamoVoterRegistry({ tableName: votersTable }),
    publisher: createPublisher({ busName: eventBusName, source: Source.Voters }),
    logger: createLogger({ service: serviceName, function: 'ballotSubmitted' }),
    metrics: metricsFromEnv(serviceName),
    now: () => new Date(),
  };
}

export const handler = lazyHandler(() => createBallotSubmittedHandler(defaultBallotSubmittedDeps()));
