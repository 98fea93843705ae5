/**
 * Compile-time proof that the types derived from the schemas are exactly the event catalog: the
 * detail of each event as the services promise it to one another, written out below by hand
 * (`Spec*`), apart from the schemas. `yarn typecheck` fails here if a schema drifts from that
 * contract. Nothing in this file runs.
 */
import type { BallotRejected, BallotSubmitted, BallotVerified } from './ballot';
import type { BallotRequest } from './ballotRequest';
import type { Vote, Voter } from './common';
import type { VoteCast, VoteRejected } from './vote';
import type { ElectionCertified, ElectionClosed, ElectionOpened } from './election';

/** True when A and B accept the same values and name the same keys. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Assert<T extends true> = T;

type SpecVote = { electionId: string; candidateId: string };
type SpecVoter = { voterId: string; fullName: string };
type SpecBallotSubmitted = {
  correlationId: string;
  ballotId: string;
  voterId: string;
  votes: SpecVote[];
  acceptedAt: string;
};
type SpecBallotVerified = SpecBallotSubmitted & { voter: SpecVoter };
type SpecBallotRejected = SpecBallotSubmitted & {
  reason: 'VOTER_NOT_FOUND' | 'BALLOT_NOT_ISSUED' | 'BALLOT_ALREADY_SUBMITTED';
  message: string;
};
type SpecVoteCast = { correlationId: string; voteId: string; ballotId: string; voter: SpecVoter; vote: SpecVote };
type SpecVoteRejected = SpecVoteCast & {
  reason: 'ELECTION_NOT_FOUND' | 'CANDIDATE_NOT_FOUND' | 'POLLS_NOT_OPEN' | 'POLLS_CLOSED';
  message: string;
};
type SpecBallotRequest = {
  type: 'Ballot Submitted';
  detail: Omit<SpecBallotSubmitted, 'correlationId' | 'acceptedAt'>;
};
type SpecElectionScheduled = { correlationId: string; electionId: string; scheduledAt: string };
type SpecTally = { candidateId: string; voteCount: number };
type SpecElectionCertified = {
  correlationId: string;
  electionId: string;
  certifiedAt: string;
  tallies: SpecTally[];
  auditDigest: { algorithm: 'SHA-256'; value: string; eventCount: number };
};

export type _Checks = [
  Assert<Same<Vote, SpecVote>>,
  Assert<Same<Voter, SpecVoter>>,
  Assert<Same<BallotSubmitted, SpecBallotSubmitted>>,
  Assert<Same<BallotVerified, SpecBallotVerified>>,
  Assert<Same<BallotRejected, SpecBallotRejected>>,
  Assert<Same<VoteCast, SpecVoteCast>>,
  Assert<Same<VoteRejected, SpecVoteRejected>>,
  Assert<Same<BallotRequest, SpecBallotRequest>>,
  Assert<Same<ElectionOpened, SpecElectionScheduled>>,
  Assert<Same<ElectionClosed, SpecElectionScheduled>>,
  Assert<Same<ElectionCertified, SpecElectionCertified>>,
  Assert<Same<ElectionCertified['tallies'][number], SpecTally>>,
  Assert<Same<ElectionCertified['auditDigest'], SpecElectionCertified['auditDigest']>>,
  // the nested shapes too: keyof equality above only looks one level deep
  Assert<Same<BallotVerified['voter'], SpecVoter>>,
  Assert<Same<BallotSubmitted['votes'][number], SpecVote>>,
  Assert<Same<VoteCast['vote'], SpecVote>>,
  Assert<Same<BallotRequest['detail'], SpecBallotRequest['detail']>>,
];
