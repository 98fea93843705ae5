/** Turning an accepted ballot request into the Ballot Submitted event. */
import { DetailType, type BallotRequest, type BallotSubmitted, type Publisher } from '@evote/shared';

/** Identifiers, correlation ids included, must match this (the contract's identifier rule). */
const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/** What the client is told about its accepted ballot. */
export interface SubmittedBallot {
  eventId: string;
  correlationId: string;
  type: typeof DetailType.BallotSubmitted;
  detail: BallotSubmitted;
}

/**
 * The correlation id for one request: the gateway's request id when it is a valid identifier
 * (so the API Gateway access log and our logs share the id), else a fresh one from `newId`.
 * API Gateway HTTP API request ids end in '=' and so are usually replaced.
 */
export function chooseCorrelationId(requestId: string | undefined, newId: () => string): string {
  return requestId !== undefined && IDENTIFIER.test(requestId) ? requestId : newId();
}

/** Publishes the ballot as Ballot Submitted; throws what the publisher throws. */
export async function submitBallot(
  request: BallotRequest,
  correlationId: string,
  publisher: Publisher,
): Promise<SubmittedBallot> {
  const { ballotId, voterId, votes } = request.detail;
  const detail: BallotSubmitted = { correlationId, ballotId, voterId, votes };
  const [eventId] = await publisher.publish([{ detailType: DetailType.BallotSubmitted, detail }]);
  if (eventId === undefined) throw new Error('the publisher returned no event id for the ballot');
  return { eventId, correlationId, type: DetailType.BallotSubmitted, detail };
}
