import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed } from '@evote/shared';
import { Entity } from '../../domain/keys';
import type {
  BallotSubmission,
  RegistryFacts,
  SubmitResult,
  VoterBallots,
  VoterBallotsReader,
  VoterRegistry,
} from '../../domain/model';
import { itemFromConditionFailure, toIssuedBallot, toVoter } from './items';
import { getBallotRequest, getVoterRequest, submitBallotRequest, voterPartitionRequest } from './requests';

export interface DynamoVoterRegistryOptions {
  /** The voters table. */
  readonly tableName: string;
  /** Defaults to the process-wide document client of @evote/shared. */
  readonly client?: DynamoDBDocumentClient;
}

/** The voters table as the verification and the read API see it. */
export class DynamoVoterRegistry implements VoterRegistry, VoterBallotsReader {
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

  /** The voter's partition, page after page: the profile and every ballot, ballots in id order. */
  async readVoterBallots(voterId: string): Promise<VoterBallots | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand(voterPartitionRequest(this.tableName, voterId, startKey)));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const profile = items.find((item) => item.entity === Entity.Voter);
    if (profile === undefined) return undefined;
    const ballots = items
      .filter((item) => item.entity === Entity.Ballot)
      .map(toIssuedBallot)
      .map(({ ballotId, ballotState }) => ({ ballotId, ballotState }));
    return { ...toVoter(profile), ballots };
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
