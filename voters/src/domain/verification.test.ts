import { BallotRejectionReason, BallotState, DetailType } from '@evote/shared';
import { issuedBallot, submission, submittedBallot, voter } from '../testing/fixtures';
import { decideVerification, rejected, rejectionMessage, verified } from './verification';

describe('decideVerification', () => {
  const ballot = submission();

  it('rejects with VOTER_NOT_FOUND when the voter has no profile', () => {
    const step = decideVerification(ballot, { voter: undefined, ballot: issuedBallot() });
    expect(step).toEqual({ next: 'done', verification: rejected(ballot, BallotRejectionReason.VoterNotFound) });
  });

  it('rejects with VOTER_NOT_FOUND even when no ballot exists either', () => {
    const step = decideVerification(ballot, { voter: undefined, ballot: undefined });
    expect(step.next === 'done' && step.verification.detail).toMatchObject({ reason: 'VOTER_NOT_FOUND' });
  });

  it('rejects with BALLOT_NOT_ISSUED when the ballot was not issued to this voter', () => {
    const step = decideVerification(ballot, { voter, ballot: undefined });
    expect(step).toEqual({ next: 'done', verification: rejected(ballot, BallotRejectionReason.BallotNotIssued) });
  });

  it('asks for the conditional write when the ballot is ISSUED', () => {
    expect(decideVerification(ballot, { voter, ballot: issuedBallot() })).toEqual({ next: 'submit', voter });
  });

  it('verifies again a ballot SUBMITTED by this same submission (a redelivery)', () => {
    const step = decideVerification(ballot, { voter, ballot: submittedBallot(ballot.correlationId) });
    expect(step).toEqual({ next: 'done', verification: verified(ballot, voter, true) });
  });

  it('rejects with BALLOT_ALREADY_SUBMITTED a ballot SUBMITTED by another submission', () => {
    const step = decideVerification(ballot, { voter, ballot: submittedBallot('another-corr') });
    expect(step).toEqual({
      next: 'done',
      verification: rejected(ballot, BallotRejectionReason.BallotAlreadySubmitted),
    });
  });

  it('treats a SUBMITTED ballot without submittedBy as submitted by someone else', () => {
    const step = decideVerification(ballot, { voter, ballot: issuedBallot({ ballotState: BallotState.Submitted }) });
    expect(step.next === 'done' && step.verification.detail).toMatchObject({ reason: 'BALLOT_ALREADY_SUBMITTED' });
  });
});

describe('verified', () => {
  it('is a Ballot Verified carrying the ballot and only the voter id and name', () => {
    const profile = { ...voter, pk: 'VOTER#v00001', entity: 'Voter' };
    const result = verified(submission(), profile, false);
    expect(result).toEqual({
      outcome: 'verified',
      redelivery: false,
      detailType: DetailType.BallotVerified,
      detail: { ...submission(), voter: { voterId: 'v00001', fullName: 'Ada Lovelace' } },
    });
  });
});

describe('rejected', () => {
  it('is a Ballot Rejected carrying the ballot, the reason and a message', () => {
    expect(rejected(submission(), 'BALLOT_NOT_ISSUED')).toEqual({
      outcome: 'rejected',
      detailType: DetailType.BallotRejected,
      detail: {
        ...submission(),
        reason: 'BALLOT_NOT_ISSUED',
        message: 'Ballot b00001 was not issued to voter v00001.',
      },
    });
  });
});

describe('rejectionMessage', () => {
  it.each([
    ['VOTER_NOT_FOUND', 'Voter v00001 is not registered.'],
    ['BALLOT_NOT_ISSUED', 'Ballot b00001 was not issued to voter v00001.'],
    ['BALLOT_ALREADY_SUBMITTED', 'Ballot b00001 has already been submitted.'],
  ] as const)('explains %s with ids only', (reason, message) => {
    expect(rejectionMessage(submission(), reason)).toBe(message);
  });

  it('stays within the 500 characters the contract allows, even for the longest ids', () => {
    const long = 'x'.repeat(64);
    for (const reason of Object.values(BallotRejectionReason)) {
      const text = rejectionMessage(submission({ ballotId: long, voterId: long }), reason);
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(500);
    }
  });
});
