import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed } from '@evote/shared';
import type { ClaimResult, IdempotencyStore, KeyClaim, KeyRecord, RecordedAnswer } from '../../domain/idempotency';
import { toKeyRecord } from './items';
import { claimRequest, completeRequest, findRequest, releaseRequest } from './requests';

export interface DynamoIdempotencyStoreOptions {
  /** The idempotency table. */
  readonly tableName: string;
  /** Defaults to the process-wide document client of @evote/shared. */
  readonly client?: DynamoDBDocumentClient;
}

/** Idempotency-Keys in DynamoDB: one item per voter and key. */
export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoIdempotencyStoreOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? documentClient();
  }

  /**
   * On a lost claim the holder is read afresh (one consistent Get) rather than taken from the
   * failed write: whatever the holder did since is then already visible to the caller.
   */
  async claim(claim: KeyClaim, now: Date): Promise<ClaimResult> {
    try {
      await this.client.send(new PutCommand(claimRequest(this.tableName, claim, now)));
      return { claimed: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { claimed: false, holder: await this.find(claim.voterId, claim.key) };
    }
  }

  async find(voterId: string, key: string): Promise<KeyRecord | undefined> {
    const read = await this.client.send(new GetCommand(findRequest(this.tableName, voterId, key)));
    return read.Item === undefined ? undefined : toKeyRecord(read.Item);
  }

  async complete(claim: KeyClaim, answer: RecordedAnswer, now: Date): Promise<boolean> {
    return this.ifStillOurs(() =>
      this.client.send(new UpdateCommand(completeRequest(this.tableName, claim, answer, now))),
    );
  }

  async release(claim: KeyClaim): Promise<void> {
    await this.ifStillOurs(() => this.client.send(new DeleteCommand(releaseRequest(this.tableName, claim))));
  }

  /** True if the conditional write went through; false if the claim was no longer ours. */
  private async ifStillOurs(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
