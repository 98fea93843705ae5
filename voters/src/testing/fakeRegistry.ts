import type { BallotSubmission, RegistryFacts, SubmitResult, VoterRegistry } from '../domain/model';

/** A VoterRegistry with scripted answers that records the writes it was asked for. */
export class FakeRegistry implements VoterRegistry {
  readonly submissions: BallotSubmission[] = [];

  constructor(
    private readonly facts: RegistryFacts,
    private readonly result: SubmitResult = { submitted: true },
  ) {}

  async find(): Promise<RegistryFacts> {
    return this.facts;
  }

  async submit(submission: BallotSubmission): Promise<SubmitResult> {
    this.submissions.push(submission);
    return this.result;
  }
}
