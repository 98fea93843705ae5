/**
 * Event source and detail-type names. Every producer, consumer, rule and test uses these
 * constants, so a name is written exactly once in the code base.
 */

/** The `source` of each service that puts events on the bus. */
export const Source = {
  Events: 'evote.events',
  Voters: 'evote.voters',
  Elections: 'evote.elections',
} as const;
export type Source = (typeof Source)[keyof typeof Source];

/** The `detail-type` of every event in the catalog. */
export const DetailType = {
  BallotSubmitted: 'Ballot Submitted',
  BallotVerified: 'Ballot Verified',
  BallotRejected: 'Ballot Rejected',
  VoteCast: 'Vote Cast',
  VoteRejected: 'Vote Rejected',
  ElectionOpened: 'Election Opened',
  ElectionClosed: 'Election Closed',
  ElectionCertified: 'Election Certified',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

/** Which service emits each detail-type; rules match on both, so a forged pair never matches. */
export const SourceOf: { readonly [D in DetailType]: Source } = {
  [DetailType.BallotSubmitted]: Source.Events,
  [DetailType.BallotVerified]: Source.Voters,
  [DetailType.BallotRejected]: Source.Voters,
  [DetailType.VoteCast]: Source.Elections,
  [DetailType.VoteRejected]: Source.Elections,
  [DetailType.ElectionOpened]: Source.Elections,
  [DetailType.ElectionClosed]: Source.Elections,
  [DetailType.ElectionCertified]: Source.Elections,
};

/**
 * The one rule against forgery: a detail-type must come from the service that emits it. False
 * for a detail-type outside the catalog (no service emits it).
 */
export function isFromItsSource(detailType: string, source: unknown): boolean {
  return Object.hasOwn(SourceOf, detailType) && SourceOf[detailType as DetailType] === source;
}

/**
 * The states of a ballot issued to a voter (`ballotState` in the voters table). Issued once and
 * submitted at most once, never back. The voters service moves a ballot between them; the audit
 * log's fold recomputes them from the log, so both read the names from here.
 */
export const BallotState = { Issued: 'ISSUED', Submitted: 'SUBMITTED' } as const;
export type BallotState = (typeof BallotState)[keyof typeof BallotState];

/** Why the voters service rejected a ballot (`reason` of a Ballot Rejected event). */
export const BallotRejectionReason = {
  VoterNotFound: 'VOTER_NOT_FOUND',
  BallotNotIssued: 'BALLOT_NOT_ISSUED',
  BallotAlreadySubmitted: 'BALLOT_ALREADY_SUBMITTED',
} as const;
export type BallotRejectionReason = (typeof BallotRejectionReason)[keyof typeof BallotRejectionReason];

/** Why the elections service rejected one vote of a ballot (`reason` of a Vote Rejected event). */
export const VoteRejectionReason = {
  ElectionNotFound: 'ELECTION_NOT_FOUND',
  CandidateNotFound: 'CANDIDATE_NOT_FOUND',
  PollsNotOpen: 'POLLS_NOT_OPEN',
  PollsClosed: 'POLLS_CLOSED',
} as const;
export type VoteRejectionReason = (typeof VoteRejectionReason)[keyof typeof VoteRejectionReason];
