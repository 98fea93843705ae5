import {
  createLogger,
  createPublisher,
  DetailType,
  eventConsumer,
  lazyHandler,
  parseTrustedEvent,
  Source,
} from '@evote/shared';
import type { Logger, Publisher } from '@evote/shared';
import { config } from '../config';
import { castVotes } from '../domain/commands';
import type { CatalogReader } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface BallotVerifiedDeps {
  readonly catalog: CatalogReader;
  readonly publisher: Publisher;
  readonly logger: Logger;
}

/**
 * Ballot Verified -> one Vote Cast or Vote Rejected per vote, published in one `publish` call.
 * Throws on any failure so the ballot is retried; the voteIds are derived, so a retry that
 * republishes votes already published is harmless downstream.
 */
export function createBallotVerifiedHandler(deps: BallotVerifiedDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    {
      parse: (raw) => parseTrustedEvent(DetailType.BallotVerified, raw),
      logFields: ({ detail }) => ({ ballotId: detail.ballotId }),
      failure: 'vote fan-out failed',
      logger: deps.logger,
    },
    async ({ detail }, log) => {
      const decisions = await castVotes(detail, deps);
      await deps.publisher.publish(decisions.map(({ detailType, detail }) => ({ detailType, detail })));
      const rejections = decisions.flatMap((d) =>
        d.outcome === 'rejected' ? [{ electionId: d.detail.vote.electionId, reason: d.detail.reason }] : [],
      );
      log.info('votes fanned out', {
        cast: decisions.length - rejections.length,
        rejected: rejections.length,
        rejections,
      });
    },
  );
}

/** The production wiring: configuration, elections table, bus publisher, logger. */
export function defaultBallotVerifiedDeps(): BallotVerifiedDeps {
  const { electionsTable, eventBusName, serviceName } = config();
  return {
    catalog: new DynamoElectionStore({ tableName: electionsTable }),
    publisher: createPublisher({ busName: eventBusName, source: Source.Elections }),
    logger: createLogger({ service: serviceName, function: 'ballotVerified' }),
  };
}

export const handler = lazyHandler(() => createBallotVerifiedHandler(defaultBallotVerifiedDeps()));
