import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed } from '@evote/shared';
import type { BallotSubmission, RegistryFacts, SubmitResult, VoterRegistry } from '../../domain/model';
import { itemFromConditionFailure, toIssuedBallot, toVoter } from './items';
import { getBallotRequest, getVoterRequest, submitBallotRequest } from './requests';

export interface DynamoVoterRegistryOptions {
  /** The voters table. */
  readonly tableName: string;
  /** Defaults to the process-wide document client of @evote/shared. */
  readonly client?: DynamoDBDocumentClient;
}

/** The voters table as the verification sees it. */
export class DynamoVoterRegistry implements VoterRegistry {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoVoterRegistryOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? documentClient();
  }

  /** Two strongly consistent Gets, sent in parallel. */
  async find(voterId: string, ballotId: string): Promise<RegistryFacts> {
    const [voter, ballot] = await Promise.all([
      this.client.send(new GetCommand(getVoterRequest(this.tableName, voterId))),
      this.client.send(new GetCommand(getBallotRequest(this.tableName, voterId, ballotId))),
    ]);
    return {
      voter: voter.Item === undefined ? undefined : toVoter(voter.Item),
      ballot: ballot.Item === undefined ? undefined : toIssuedBallot(ballot.Item),
    };
  }

  async submit(submission: BallotSubmission): Promise<SubmitResult> {
    try {
      await this.client.send(new UpdateCommand(submitBallotRequest(this.tableName, submission)));
      return { submitted: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { submitted: false, current: await this.currentBallot(submission, error) };
    }
  }

  /**
   * The ballot as the failed write found it. When the error carries no item (an emulator without
   * ReturnValuesOnConditionCheckFailure, or no item at all), a consistent read tells the same:
   * ballot states only move forward, so what it reads is what made the condition fail.
   */
  private async currentBallot(submission: BallotSubmission, error: unknown) {
    const old = itemFromConditionFailure(error);
    if (old !== undefined) return toIssuedBallot(old);
    const { voterId, ballotId } = submission;
    const read = await this.client.send(new GetCommand(getBallotRequest(this.tableName, voterId, ballotId)));
    return read.Item === undefined ? undefined : toIssuedBallot(read.Item);
  }
}
