import { EvoteError } from '@evote/shared';
import type { BallotSubmitted } from '@evote/shared';
import type { VoterRegistry } from './model';
import { decideVerification, verified } from './verification';
import type { Verification } from './verification';

export interface VerifyBallotDeps {
  readonly registry: VoterRegistry;
  readonly now: () => Date;
}

/**
 * Verifies a submitted ballot: reads the voter and the ballot, and moves the ballot from ISSUED
 * to SUBMITTED with one conditional write. Of concurrent submissions of one ballot exactly one
 * wins the write; the others are judged from the item the failed write returns.
 */
export async function verifyBallot(submission: BallotSubmitted, deps: VerifyBallotDeps): Promise<Verification> {
  const { voterId, ballotId, correlationId } = submission;
  const step = decideVerification(submission, await deps.registry.find(voterId, ballotId));
  if (step.next === 'done') return step.verification;

  const result = await deps.registry.submit({
    voterId,
    ballotId,
    correlationId,
    submittedAt: deps.now().toISOString(),
  });
  if (result.submitted) return verified(submission, step.voter, false);

  const after = decideVerification(submission, { voter: step.voter, ballot: result.current });
  if (after.next === 'done') return after.verification;
  // The write's condition failed yet the item it returned is ISSUED: DynamoDB never does this, so
  // throw and let the event be retried rather than guess an outcome.
  throw new EvoteError('BALLOT_STATE_CONFLICT', `Ballot ${ballotId} is ISSUED but its conditional write failed.`);
}
