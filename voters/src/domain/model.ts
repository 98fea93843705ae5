import type { BallotState, Voter } from '@evote/shared';

/** A ballot is issued once and submitted at most once; it never goes back (the names are shared with the audit log's fold). */
export { BallotState } from '@evote/shared';

/** A ballot as issued to one voter. */
export interface IssuedBallot {
  readonly voterId: string;
  readonly ballotId: string;
  readonly ballotState: BallotState;
  /** The correlationId of the submission that moved it to SUBMITTED. */
  readonly submittedBy?: string;
  readonly submittedAt?: string;
}

/** What the registry holds about one submission, read consistently before any write. */
export interface RegistryFacts {
  readonly voter: Voter | undefined;
  /** The ballot issued to this voter under this id; undefined when it was issued to nobody or to someone else. */
  readonly ballot: IssuedBallot | undefined;
}

/** The ISSUED -> SUBMITTED transition to attempt. */
export interface BallotSubmission {
  readonly voterId: string;
  readonly ballotId: string;
  readonly correlationId: string;
  readonly submittedAt: string;
}

/** The result of the conditional transition. */
export type SubmitResult =
  | { readonly submitted: true }
  /** The condition failed; `current` is the ballot as the write found it (undefined if there is none). */
  | { readonly submitted: false; readonly current: IssuedBallot | undefined };

/** The storage the verification needs; implemented in store/dynamodb. */
export interface VoterRegistry {
  /** Reads the voter and the ballot issued to that voter, strongly consistent. */
  find(voterId: string, ballotId: string): Promise<RegistryFacts>;
  /** ISSUED -> SUBMITTED in one conditional write. */
  submit(submission: BallotSubmission): Promise<SubmitResult>;
}

/** A voter and the ballots issued to them, as `GET /voters/{voterId}/ballots` shows them. */
export interface VoterBallots {
  readonly voterId: string;
  readonly fullName: string;
  readonly ballots: readonly { readonly ballotId: string; readonly ballotState: BallotState }[];
}

/** Reads a voter with their ballots (implemented in store/dynamodb). */
export interface VoterBallotsReader {
  /** The voter and their ballots, or undefined when there is no such voter. */
  readVoterBallots(voterId: string): Promise<VoterBallots | undefined>;
}
