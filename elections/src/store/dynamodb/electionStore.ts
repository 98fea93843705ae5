import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, documentClient, isConditionalCheckFailed } from '@evote/shared';
import type { Vote } from '@evote/shared';
import { catalogOf } from '../../domain/catalog';
import type { ElectionCatalog } from '../../domain/catalog';
import { CandidateNotFoundError } from '../../domain/errors';
import { pollWindowOf } from '../../domain/polls';
import { candidateKey, countMarkerKey, electionPartition, keyId, voteKey } from '../../domain/keys';
import type { ItemKey } from '../../domain/keys';
import type {
  CatalogReader,
  ElectionLister,
  LifecycleBook,
  ResultsReader,
  Tally,
  VoteBook,
  VoteStatusReader,
} from '../../domain/ports';
import type { ElectionSummary } from '../../domain/listing';
import type { ElectionRecord } from '../../domain/results';
import type { VoteStatus } from '../../domain/voteStatus';
import type { CountRecord, VoteRecord } from '../../domain/records';
import { batchesOf, readBatch } from './batchGet';
import { classifyCountFailure } from './countFailure';
import {
  batchGetKeysRequest,
  CATALOG_ATTRIBUTES,
  candidateKeysOf,
  countVoteRequest,
  electionKeysOf,
  putVoteRequest,
} from './requests';
import { listElections } from './listing';
import { readResults } from './results';
import { recordLifecycle } from './lifecycle';
import type { LifecycleChange, LifecycleOutcome } from '../../domain/lifecycle';
import { retryPolicy } from './retry';
import type { RetryOptions, RetryPolicy } from './retry';

export interface DynamoElectionStoreOptions {
  /** The elections table. */
  readonly tableName: string;
  /** Defaults to the process-wide document client of @evote/shared. */
  readonly client?: DynamoDBDocumentClient;
  /** Retries of unprocessed BatchGet keys and of transaction conflicts. */
  readonly retry?: RetryOptions;
  /** Shards of tallies and votes; `TALLY_SHARDS` unless a benchmark compares another layout. */
  readonly tallyShards?: number;
}

/** The elections table: the catalog the fan-out reads, the saved votes, the tallies and their results. */
export class DynamoElectionStore
  implements CatalogReader, VoteBook, Tally, ResultsReader, ElectionLister, VoteStatusReader, LifecycleBook
{
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retry: RetryPolicy;
  private readonly shards: number | undefined;

  constructor(options: DynamoElectionStoreOptions) {
    this.tableName = options.tableName;
    this.shards = options.tallyShards;
    this.client = options.client ?? documentClient();
    this.retry = retryPolicy(options.retry);
  }

  async readResults(electionId: string): Promise<ElectionRecord | undefined> {
    return readResults(this.client, this.tableName, electionId, this.retry, this.shards);
  }

  async record(change: LifecycleChange): Promise<LifecycleOutcome> {
    return recordLifecycle(this.client, this.tableName, change);
  }

  async listElections(): Promise<ElectionSummary[]> {
    return listElections(this.client, this.tableName);
  }

  /** Whether the vote's item and its count marker exist: keys only are read, never the candidate. */
  async readVoteStatus(electionId: string, voteId: string): Promise<VoteStatus> {
    const vote = voteKey(electionId, voteId, this.shards);
    const marker = countMarkerKey(electionId, voteId, this.shards);
    const found = new Set((await this.existingKeys([vote, marker])).map(keyId));
    return { voteId, saved: found.has(keyId(vote)), counted: found.has(keyId(marker)) };
  }

  /**
   * The elections (with their polls' windows) and candidates the votes name, read consistently:
   * one item per election, which lists its candidates (`candidateIds`). An election item written
   * before it listed them has its votes' candidate items read instead, as before.
   */
  async loadCatalog(votes: readonly Vote[]): Promise<ElectionCatalog> {
    const elections = new Map(
      (await this.existingItems(electionKeysOf(votes), CATALOG_ATTRIBUTES)).map((item) => [String(item.pk), item]),
    );
    const electionItem = (electionId: string) => elections.get(electionPartition(electionId));
    const listed = (vote: Vote) => electionItem(vote.electionId)?.candidateIds;
    const unlisted = votes.filter((vote) => electionItem(vote.electionId) && !Array.isArray(listed(vote)));
    const found = new Set(unlisted.length > 0 ? (await this.existingKeys(candidateKeysOf(unlisted))).map(keyId) : []);
    // A vote of an election not found is listed nowhere and was not asked for: its candidate is not found.
    const candidateFound = (vote: Vote) => {
      const candidateIds = listed(vote);
      return Array.isArray(candidateIds)
        ? candidateIds.includes(vote.candidateId)
        : found.has(keyId(candidateKey(vote.electionId, vote.candidateId)));
    };
    return catalogOf({
      elections: [...new Set(votes.map((vote) => vote.electionId))].flatMap((electionId) => {
        const election = electionItem(electionId);
        return election ? [{ electionId, window: pollWindowOf(election) }] : [];
      }),
      candidates: votes.filter(candidateFound),
    });
  }

  async save(vote: VoteRecord): Promise<'saved' | 'duplicate'> {
    try {
      await this.client.send(new PutCommand(putVoteRequest(this.tableName, vote, this.shards)));
      return 'saved';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw error;
    }
  }

  async count(count: CountRecord): Promise<'counted' | 'alreadyCounted'> {
    let cause: 'conflict' | 'throttled' = 'conflict';
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await this.retry.backoff(attempt, cause);
      try {
        await this.client.send(new TransactWriteCommand(countVoteRequest(this.tableName, count, this.shards)));
        return 'counted';
      } catch (error) {
        const failure = classifyCountFailure(cancellationReasons(error));
        switch (failure) {
          case 'alreadyCounted':
            return 'alreadyCounted';
          case 'candidateMissing':
            throw new CandidateNotFoundError(count.electionId, count.candidateId, { cause: error });
          case 'conflict':
          case 'throttled':
            // Concurrent counts on one tally shard conflict, and a shard over its partition's
            // limit is throttled; a pause (longer for a throttle) usually clears either.
            cause = failure;
            if (attempt < this.retry.maxAttempts) continue;
            throw error;
          case 'other':
            throw error;
        }
      }
    }
  }

  /** The keys (of those given) that exist, read consistently in batches, unprocessed keys retried. */
  private async existingKeys(keys: readonly ItemKey[]): Promise<ItemKey[]> {
    return this.existingItems(keys, []);
  }

  /** The items (of those keys) that exist, with their keys and `attributes` only, a batch at a time. */
  private async existingItems(
    keys: readonly ItemKey[],
    attributes: readonly string[],
  ): Promise<(ItemKey & Record<string, unknown>)[]> {
    const found: (ItemKey & Record<string, unknown>)[] = [];
    for (const batch of batchesOf(keys)) {
      found.push(
        ...(await readBatch(
          this.client,
          this.tableName,
          batch,
          (pending) => batchGetKeysRequest(this.tableName, pending, attributes),
          this.retry,
        )),
      );
    }
    return found;
  }
}
