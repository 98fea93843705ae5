import { EvoteError, VoteRejectionReason } from '@evote/shared';

/**
 * A Vote Cast names a candidate that does not exist. The fan-out checked the candidate, so this
 * means the data changed underneath: the event must dead-letter for a person to look at, not
 * vanish as a success.
 */
export class CandidateNotFoundError extends EvoteError {
  readonly electionId: string;
  readonly candidateId: string;

  constructor(electionId: string, candidateId: string, options?: { cause?: unknown }) {
    super(
      VoteRejectionReason.CandidateNotFound,
      `Candidate ${candidateId} of election ${electionId} does not exist; the vote was not counted.`,
      options,
    );
    this.name = 'CandidateNotFoundError';
    this.electionId = electionId;
    this.candidateId = candidateId;
  }
}

/**
 * A lifecycle event names an election the table does not hold. Schedules are created by loading
 * the election, so this means the data changed underneath: dead-letter it for a person.
 */
export class ElectionNotFoundError extends EvoteError {
  readonly electionId: string;

  constructor(electionId: string, options?: { cause?: unknown }) {
    super(
      VoteRejectionReason.ElectionNotFound,
      `Election ${electionId} does not exist; nothing was recorded.`,
      options,
    );
    this.name = 'ElectionNotFoundError';
    this.electionId = electionId;
  }
}
