/** Turning an accepted ballot request into the Ballot Submitted event. */
import {
  DetailType,
  IDENTIFIER_PATTERN,
  type BallotRequest,
  type BallotSubmitted,
  type Publisher,
} from '@evote/shared';

/** Correlation ids are identifiers like every id of the contracts. */
const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);

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

/**
 * The Ballot Submitted detail of a request: the ballot, under the request's correlation id, with
 * the instant it was accepted (what the polls are judged by).
 */
export function ballotSubmittedOf(request: BallotRequest, correlationId: string, acceptedAt: Date): BallotSubmitted {
  const { ballotId, voterId, votes } = request.detail;
  return { correlationId, ballotId, voterId, votes, acceptedAt: acceptedAt.toISOString() };
}

/** The answer to a ballot published as `eventId` under `correlationId`, accepted at `acceptedAt`. */
export function submittedBallotOf(
  request: BallotRequest,
  eventId: string,
  correlationId: string,
  acceptedAt: Date,
): SubmittedBallot {
  return {
    eventId,
    correlationId,
    type: DetailType.BallotSubmitted,
    detail: ballotSubmittedOf(request, correlationId, acceptedAt),
  };
}

/** Publishes the ballot as Ballot Submitted, accepted at `acceptedAt`; throws what the publisher throws. */
export async function submitBallot(
  request: BallotRequest,
  correlationId: string,
  acceptedAt: Date,
  publisher: Publisher,
): Promise<SubmittedBallot> {
  const detail = ballotSubmittedOf(request, correlationId, acceptedAt);
  const [eventId] = await publisher.publish([{ detailType: DetailType.BallotSubmitted, detail }]);
  if (eventId === undefined) throw new Error('the publisher returned no event id for the ballot');
  return { eventId, correlationId, type: DetailType.BallotSubmitted, detail };
}
