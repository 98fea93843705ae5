import type { BatchGetCommandInput, PutCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Vote } from '@evote/shared';
import { candidateKey, countMarkerKey, electionKey, Entity, keyId, tallyKeyOfVote, voteKey } from '../../domain/keys';
import type { ItemKey } from '../../domain/keys';
import type { CountRecord, VoteRecord } from '../../domain/records';

/** BatchGetItem reads at most this many keys per call. */
export const MAX_BATCH_GET_KEYS = 100;

/** The election DETAIL key of every vote's election, each once, in vote order. */
export function electionKeysOf(votes: readonly Vote[]): ItemKey[] {
  return uniqueKeys(votes.map((vote) => electionKey(vote.electionId)));
}

/** The candidate key of every vote, each once, in vote order. */
export function candidateKeysOf(votes: readonly Vote[]): ItemKey[] {
  return uniqueKeys(votes.map((vote) => candidateKey(vote.electionId, vote.candidateId)));
}

function uniqueKeys(keys: readonly ItemKey[]): ItemKey[] {
  return [...new Map(keys.map((key) => [keyId(key), key])).values()];
}

/** What the fan-out reads of an election beyond its key: the polls' window and its candidates. */
export const CATALOG_ATTRIBUTES = ['opensAt', 'closesAt', 'candidateIds'] as const;

/**
 * BatchGetItem of up to 100 keys, strongly consistent unless `consistent` is false. Only the
 * keys are projected, plus the `attributes` asked for: the fan-out needs to know what exists and
 * when its polls are open, not what else it holds.
 */
export function batchGetKeysRequest(
  tableName: string,
  keys: readonly ItemKey[],
  attributes: readonly string[] = [],
  consistent = true,
): BatchGetCommandInput {
  if (keys.length === 0 || keys.length > MAX_BATCH_GET_KEYS) {
    throw new RangeError(`a BatchGetItem reads 1..${MAX_BATCH_GET_KEYS} keys, not ${keys.length}`);
  }
  return {
    RequestItems: {
      [tableName]: {
        Keys: [...keys],
        ...(consistent ? { ConsistentRead: true } : {}),
        ProjectionExpression: ['pk', 'sk', ...attributes].join(', '),
      },
    },
  };
}

/**
 * Saves a vote only if no item has its key: a redelivered Vote Cast changes nothing. `shards`
 * (default `TALLY_SHARDS`) is a parameter only so the benchmark can compare an unsharded layout.
 */
export function putVoteRequest(tableName: string, vote: VoteRecord, shards?: number): PutCommandInput {
  return {
    TableName: tableName,
    Item: {
      ...voteKey(vote.electionId, vote.voteId, shards),
      entity: Entity.Vote,
      voteId: vote.voteId,
      ballotId: vote.ballotId,
      electionId: vote.electionId,
      candidateId: vote.candidateId,
      castAt: vote.castAt,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** Position of each write in the count transaction; cancellation reasons come back in this order. */
export const CountItem = { Marker: 0, Candidate: 1 } as const;

/**
 * The count as one transaction: the COUNTED marker, put only if absent (so a vote counts once),
 * and `ADD voteCount :one` on the candidate's tally shard of this vote (recording its last
 * `countedAt`), only if that shard exists: shards are written with their candidate, so a count
 * never creates a candidate. Either both happen or neither. `shards` as in `putVoteRequest`.
 */
export function countVoteRequest(tableName: string, count: CountRecord, shards?: number): TransactWriteCommandInput {
  const marker = {
    Put: {
      TableName: tableName,
      Item: {
        ...countMarkerKey(count.electionId, count.voteId, shards),
        entity: Entity.CountMarker,
        voteId: count.voteId,
        candidateId: count.candidateId,
        countedAt: count.countedAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const candidate = {
    Update: {
      TableName: tableName,
      Key: tallyKeyOfVote(count.electionId, count.candidateId, count.voteId, shards),
      // countedAt: when this candidate last gained a vote, the results' lastChangedAt. It rides
      // on the same conditional write, so a duplicate (refused by the marker) changes it no more
      // than voteCount. Two counts racing may set it out of order by the milliseconds between them.
      UpdateExpression: 'ADD voteCount :one SET countedAt = :countedAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1, ':countedAt': count.countedAt },
    },
  };
  return { TransactItems: [marker, candidate] }; // the order CountItem names
}
