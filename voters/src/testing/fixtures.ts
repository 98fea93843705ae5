/** Typed fixtures for the voters unit tests: the shared example ballot, and ballots as the registry holds them. */
import { BallotState, DetailType } from '@evote/shared';
import type { BallotSubmitted } from '@evote/shared';
import { exampleDetail, voter } from '@evote/shared/testing';
import type { IssuedBallot } from '../domain/model';

export { voter };

export function submission(overrides: Partial<BallotSubmitted> = {}): BallotSubmitted {
  return exampleDetail(DetailType.BallotSubmitted, overrides);
}

export function issuedBallot(overrides: Partial<IssuedBallot> = {}): IssuedBallot {
  return { voterId: voter.voterId, ballotId: 'b00001', ballotState: BallotState.Issued, ...overrides };
}

export function submittedBallot(submittedBy: string): IssuedBallot {
  return issuedBallot({ ballotState: BallotState.Submitted, submittedBy, submittedAt: '2024-05-01T10:00:00.000Z' });
}
