/**
 * The events one verified ballot becomes, as the bus hands them to their targets, built with
 * the services' own domain functions (voters' `verified`, elections' `voteCast`), so the direct
 * writes and the cold-start events carry exactly the payloads the pipeline produces.
 */
import { randomUUID } from 'node:crypto';
import {
  DetailType,
  Source,
  type BallotSubmitted,
  type BallotVerified,
  type BusEvent,
  type VoteCast,
} from '@evote/shared';
import { verified } from '@evote/voters';
import { voteCast } from '@evote/elections';
import type { BenchBallot } from './workload';

export interface BusContext {
  region: string;
  account: string;
}

export interface BallotFacts {
  submitted: BusEvent<typeof DetailType.BallotSubmitted>;
  verified: BusEvent<typeof DetailType.BallotVerified>;
  voteCasts: BusEvent<typeof DetailType.VoteCast>[];
}

/** The envelope EventBridge wraps around a detail (time to the second, as EventBridge writes it). */
export function envelope<D extends DetailType>(
  detailType: D,
  source: Source,
  detail: BusEvent<D>['detail'],
  ctx: BusContext,
  now = new Date(),
): BusEvent<D> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: ctx.account,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: ctx.region,
    resources: [],
    detail,
  } as BusEvent<D>;
}

/**
 * Ballot Submitted, Ballot Verified and one Vote Cast per vote. The correlation id is a UUID,
 * as the events service assigns when the gateway's request id is no identifier (AWS's never is).
 */
export function ballotFacts(ballot: BenchBallot, ctx: BusContext, correlationId: string = randomUUID()): BallotFacts {
  const submittedDetail: BallotSubmitted = {
    correlationId,
    ballotId: ballot.ballotId,
    voterId: ballot.voterId,
    votes: ballot.votes,
    acceptedAt: new Date().toISOString(),
  };
  const verifiedDetail = verified(submittedDetail, { voterId: ballot.voterId, fullName: ballot.fullName }, false)
    .detail as BallotVerified;
  return {
    submitted: envelope(DetailType.BallotSubmitted, Source.Events, submittedDetail, ctx),
    verified: envelope(DetailType.BallotVerified, Source.Voters, verifiedDetail, ctx),
    voteCasts: verifiedDetail.votes.map((vote) =>
      envelope(DetailType.VoteCast, Source.Elections, voteCast(verifiedDetail, vote) as VoteCast, ctx),
    ),
  };
}
