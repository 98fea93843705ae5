/** Typed fixtures for the elections unit tests: the shared example details, each call a fresh copy. */
import { DetailType } from '@evote/shared';
import type { BallotVerified, VoteCast } from '@evote/shared';
import { exampleDetail } from '@evote/shared/testing';

export { VOTE_ID_B1_E1 } from '@evote/shared/testing';

export function verifiedBallot(overrides: Partial<BallotVerified> = {}): BallotVerified {
  return exampleDetail(DetailType.BallotVerified, overrides);
}

export function voteCast(overrides: Partial<VoteCast> = {}): VoteCast {
  return exampleDetail(DetailType.VoteCast, overrides);
}
