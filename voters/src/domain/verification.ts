import { BallotRejectionReason, DetailType } from '@evote/shared';
import type { BallotRejected, BallotSubmitted, BallotVerified, Voter } from '@evote/shared';
import { BallotState } from './model';
import type { IssuedBallot, RegistryFacts } from './model';

type RejectionReason = BallotRejected['reason'];

/** The event a verification ends in: Ballot Verified or Ballot Rejected (with its reason). */
export type Verification =
  | {
      readonly outcome: 'verified';
      /** True when this is a redelivery of the submission that already moved the ballot to SUBMITTED. */
      readonly redelivery: boolean;
      readonly detailType: typeof DetailType.BallotVerified;
      readonly detail: BallotVerified;
    }
  | {
      readonly outcome: 'rejected';
      readonly detailType: typeof DetailType.BallotRejected;
      readonly detail: BallotRejected;
    };

/** The next step of a verification: attempt the ISSUED -> SUBMITTED write, or stop with an outcome. */
export type VerificationStep =
  { readonly next: 'submit'; readonly voter: Voter } | { readonly next: 'done'; readonly verification: Verification };

/**
 * Decides what a submission leads to, given what the registry holds. It is the single judge of
 * a ballot's state: the command asks it before the conditional write and again with the item
 * the failed write returned (ballot states only move forward, so both answers agree).
 */
export function decideVerification(submission: BallotSubmitted, facts: RegistryFacts): VerificationStep {
  const { voter, ballot } = facts;
  if (voter === undefined) return done(rejected(submission, BallotRejectionReason.VoterNotFound));
  if (ballot === undefined) return done(rejected(submission, BallotRejectionReason.BallotNotIssued));
  if (ballot.ballotState === BallotState.Issued) return { next: 'submit', voter };
  return done(judgeSubmittedBallot(submission, voter, ballot));
}

/**
 * A ballot that is already SUBMITTED: by this very submission (a redelivery, whose first
 * attempt may have failed after the write, so it is verified again) or by another one.
 */
function judgeSubmittedBallot(submission: BallotSubmitted, voter: Voter, ballot: IssuedBallot): Verification {
  return ballot.submittedBy === submission.correlationId
    ? verified(submission, voter, true)
    : rejected(submission, BallotRejectionReason.BallotAlreadySubmitted);
}

/** Ballot Verified: the ballot plus the voter's id and name. */
export function verified(submission: BallotSubmitted, voter: Voter, redelivery: boolean): Verification {
  return {
    outcome: 'verified',
    redelivery,
    detailType: DetailType.BallotVerified,
    detail: { ...submission, voter: { voterId: voter.voterId, fullName: voter.fullName } },
  };
}

/** Ballot Rejected: the ballot plus a reason code and a message for people (ids only, no names). */
export function rejected(submission: BallotSubmitted, reason: RejectionReason): Verification {
  return {
    outcome: 'rejected',
    detailType: DetailType.BallotRejected,
    detail: { ...submission, reason, message: rejectionMessage(submission, reason) },
  };
}

/** The human message of each rejection reason. */
export function rejectionMessage(submission: BallotSubmitted, reason: RejectionReason): string {
  switch (reason) {
    case BallotRejectionReason.VoterNotFound:
      return `Voter ${submission.voterId} is not registered.`;
    case BallotRejectionReason.BallotNotIssued:
      return `Ballot ${submission.ballotId} was not issued to voter ${submission.voterId}.`;
    case BallotRejectionReason.BallotAlreadySubmitted:
      return `Ballot ${submission.ballotId} has already been submitted.`;
  }
}

function done(verification: Verification): VerificationStep {
  return { next: 'done', verification };
}
