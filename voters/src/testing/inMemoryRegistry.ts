import { BallotState, type Voter } from '@evote/shared';
import type { BallotSubmission, IssuedBallot, RegistryFacts, SubmitResult, VoterRegistry } from '../domain/model';

/** A VoterRegistry in memory with the conditional-write semantics of the DynamoDB one. */
export class InMemoryRegistry implements VoterRegistry {
  private readonly voters = new Map<string, Voter>();
  private readonly ballots = new Map<string, IssuedBallot>();

  constructor(voters: Voter[], ballots: IssuedBallot[]) {
    for (const voter of voters) this.voters.set(voter.voterId, voter);
    for (const ballot of ballots) this.ballots.set(`${ballot.voterId}/${ballot.ballotId}`, ballot);
  }

  async find(voterId: string, ballotId: string): Promise<RegistryFacts> {
    return { voter: this.voters.get(voterId), ballot: this.ballots.get(`${voterId}/${ballotId}`) };
  }

  async submit(submission: BallotSubmission): Promise<SubmitResult> {
    const key = `${submission.voterId}/${submission.ballotId}`;
    const current = this.ballots.get(key);
    if (current?.ballotState !== BallotState.Issued) return { submitted: false, current };
    const { correlationId: submittedBy, submittedAt } = submission;
    this.ballots.set(key, { ...current, ballotState: BallotState.Submitted, submittedBy, submittedAt });
    return { submitted: true };
  }

  ballot(voterId: string, ballotId: string): IssuedBallot | undefined {
    return this.ballots.get(`${voterId}/${ballotId}`);
  }
}
