import {
  createLogger,
  DetailType,
  eventConsumer,
  lazyHandler,
  MetricName,
  metricsFromEnv,
  parseTrustedEvent,
} from '@evote/shared';
import type { Logger, Metrics } from '@evote/shared';
import { config } from '../config';
import { countVote } from '../domain/commands';
import type { Tally } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface CountVoteDeps {
  readonly tally: Tally;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

/**
 * Vote Cast -> the candidate's voteCount plus one, exactly once (a redelivery is a logged no-op).
 * Throws on any failure, CandidateNotFoundError included, so the event dead-letters.
 */
export function createCountVoteHandler(deps: CountVoteDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    {
      parse: (raw) => parseTrustedEvent(DetailType.VoteCast, raw),
      // No candidateId: with the correlationId it would tie a voter to a choice (ballot secrecy).
      logFields: ({ detail }) => ({ voteId: detail.voteId, electionId: detail.vote.electionId }),
      failure: 'vote count failed',
      logger: deps.logger,
    },
    async ({ detail }, log) => {
      const outcome = await countVote(detail, deps);
      if (outcome === 'counted') deps.metrics.count(MetricName.VotesCounted);
      log.info(outcome === 'counted' ? 'vote counted' : 'vote already counted (duplicate delivery)', { outcome });
    },
  );
}

/** The production wiring: configuration, elections table, logger, metrics. */
export function defaultCountVoteDeps(): CountVoteDeps {
  const { electionsTable, serviceName } = config();
  return {
    tally: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: 'countVote' }),
    metrics: metricsFromEnv(serviceName),
    now: () => new Date(),
  };
}

export const handler = lazyHandler(() => createCountVoteHandler(defaultCountVoteDeps()));
