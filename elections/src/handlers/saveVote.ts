import { createLogger, DetailType, eventConsumer, lazyHandler, parseTrustedEvent } from '@evote/shared';
import type { Logger } from '@evote/shared';
import { config } from '../config';
import { saveVote } from '../domain/commands';
import type { VoteBook } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface SaveVoteDeps {
  readonly votes: VoteBook;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** Vote Cast -> the vote saved once (a redelivery is a logged no-op). Throws on any failure. */
export function createSaveVoteHandler(deps: SaveVoteDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    {
      parse: (raw) => parseTrustedEvent(DetailType.VoteCast, raw),
      logFields: ({ detail }) => ({ voteId: detail.voteId, electionId: detail.vote.electionId }),
      failure: 'vote save failed',
      logger: deps.logger,
    },
    async ({ detail }, log) => {
      const outcome = await saveVote(detail, deps);
      log.info(outcome === 'saved' ? 'vote saved' : 'vote already saved (duplicate delivery)', { outcome });
    },
  );
}

/** The production wiring: configuration, elections table, logger. */
export function defaultSaveVoteDeps(): SaveVoteDeps {
  const { electionsTable, serviceName } = config();
  return {
    votes: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: 'saveVote' }),
    now: () => new Date(),
  };
}

export const handler = lazyHandler(() => createSaveVoteHandler(defaultSaveVoteDeps()));
