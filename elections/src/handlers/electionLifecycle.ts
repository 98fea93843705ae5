import { createLogger, DetailType, EvoteError, eventConsumer, lazyHandler, parseTrustedEvent } from '@evote/shared';
import type { Logger } from '@evote/shared';
import { config } from '../config';
import { lifecycleChangeOf } from '../domain/lifecycle';
import type { LifecycleChange } from '../domain/lifecycle';
import type { LifecycleBook } from '../domain/ports';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

export interface ElectionLifecycleDeps {
  readonly lifecycle: LifecycleBook;
  readonly logger: Logger;
}

const LIFECYCLE_TYPES = [DetailType.ElectionOpened, DetailType.ElectionClosed, DetailType.ElectionCertified] as const;

/**
 * Election Opened / Closed / Certified -> `openedAt`, `closedAt` or `certification` on the
 * election item, each written once (a redelivery, a late Election Opened after the close, or a
 * second certification is a logged no-op). Throws on anything else, an unknown election
 * included, so the event is retried and dead-lettered.
 */
export function createElectionLifecycleHandler(deps: ElectionLifecycleDeps): (event: unknown) => Promise<void> {
  return eventConsumer(
    {
      parse: parseLifecycleEvent,
      logFields: (change) => ({ electionId: change.electionId, change: change.kind }),
      failure: 'election lifecycle not recorded',
      logger: deps.logger,
    },
    async (change, log) => {
      const outcome = await deps.lifecycle.record(change);
      log.info(outcome === 'recorded' ? `election ${change.kind}` : `election already ${change.kind} (or past it)`, {
        outcome,
      });
    },
  );
}

/** The change a trusted lifecycle event makes; throws on any other event. */
function parseLifecycleEvent(raw: unknown): LifecycleChange {
  const type = (raw as { 'detail-type'?: unknown } | null)?.['detail-type'];
  switch (type) {
    case DetailType.ElectionOpened:
    case DetailType.ElectionClosed:
      return lifecycleChangeOf({ type, detail: parseTrustedEvent(type, raw).detail });
    case DetailType.ElectionCertified:
      return lifecycleChangeOf({ type, detail: parseTrustedEvent(type, raw).detail });
    default:
      throw new EvoteError(
        'UNEXPECTED_EVENT',
        `electionLifecycle handles ${LIFECYCLE_TYPES.join(', ')}, not ${JSON.stringify(type)}.`,
      );
  }
}

/** The production wiring: configuration, elections table, logger. */
export function defaultElectionLifecycleDeps(): ElectionLifecycleDeps {
  const { electionsTable, serviceName } = config();
  return {
    lifecycle: new DynamoElectionStore({ tableName: electionsTable }),
    logger: createLogger({ service: serviceName, function: 'electionLifecycle' }),
  };
}

export const handler = lazyHandler(() => createElectionLifecycleHandler(defaultElectionLifecycleDeps()));
