/** The event catalog: one JSON Schema per detail-type, and the TS types derived from them. */
import type { DetailType } from '../names';
import { ballotRejectedSchema, ballotSubmittedSchema, ballotVerifiedSchema } from './ballot';
import type { BallotRejected, BallotSubmitted, BallotVerified } from './ballot';
import { voteCastSchema, voteRejectedSchema } from './vote';
import type { VoteCast, VoteRejected } from './vote';
import { electionCertifiedSchema, electionClosedSchema, electionOpenedSchema } from './election';
import type { ElectionCertified, ElectionClosed, ElectionOpened } from './election';

export * from './common';
export * from './ballot';
export * from './vote';
export * from './election';
export * from './ballotRequest';

/** The detail type of each detail-type name. */
export interface DetailOf {
  'Ballot Submitted': BallotSubmitted;
  'Ballot Verified': BallotVerified;
  'Ballot Rejected': BallotRejected;
  'Vote Cast': VoteCast;
  'Vote Rejected': VoteRejected;
  'Election Opened': ElectionOpened;
  'Election Closed': ElectionClosed;
  'Election Certified': ElectionCertified;
}

/** The JSON Schema of each detail-type (what the generated validators were compiled from). */
export const detailSchemas = {
  'Ballot Submitted': ballotSubmittedSchema,
  'Ballot Verified': ballotVerifiedSchema,
  'Ballot Rejected': ballotRejectedSchema,
  'Vote Cast': voteCastSchema,
  'Vote Rejected': voteRejectedSchema,
  'Election Opened': electionOpenedSchema,
  'Election Closed': electionClosedSchema,
  'Election Certified': electionCertifiedSchema,
} as const satisfies { readonly [D in DetailType]: object };

/** The EventBridge envelope a consumer receives. */
export interface BusEvent<D extends DetailType = DetailType> {
  version: string;
  id: string;
  'detail-type': D;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: DetailOf[D];
  'replay-name'?: string;
}
