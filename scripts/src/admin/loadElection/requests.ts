/**
 * The DynamoDB requests of a load, built apart from sending them. Each one writes only what a
 * definition owns (UpdateItem SET of named attributes, never a PutItem of the whole item), so the
 * lifecycle attributes the service records (openedAt, closedAt, certification) and every
 * candidate's tally shards' voteCount survive any load; each is conditional, so two loads racing, or a load
 * racing the opening of the polls, cannot both win.
 */
import type { TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  allShards,
  candidateKey,
  catalogEntry,
  electionAttributes,
  electionKey,
  ElectionsEntity,
  tallyKey,
  type DefinedElection,
} from '@evote/elections';

/** SET of every attribute named, with `#name`/`:name` placeholders. */
function setAll(
  attributes: Record<string, unknown>,
): Pick<UpdateCommandInput, 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const names = Object.keys(attributes);
  return {
    UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, attributes[name]])),
  };
}

/**
 * The election item: created only if absent, or updated only if it still holds the digest the
 * plan read and its polls have not opened meanwhile. Written after its candidates and schedules,
 * so an interrupted load leaves the old digest and the next load redoes the rest.
 */
export function electionWrite(
  table: string,
  election: DefinedElection,
  previous: { definitionDigest: string | undefined } | undefined,
  now: Date,
): UpdateCommandInput {
  const set = setAll({
    entity: ElectionsEntity.Election,
    ...catalogEntry(election.electionId),
    ...electionAttributes(election),
  });
  if (!previous)
    return {
      TableName: table,
      Key: electionKey(election.electionId),
      ...set,
      ConditionExpression: 'attribute_not_exists(pk)',
    };
  return {
    TableName: table,
    Key: electionKey(election.electionId),
    ...set,
    ConditionExpression:
      (previous.definitionDigest === undefined
        ? 'attribute_not_exists(#previousDigest)'
        : '#previousDigest = :previousDigest') + ' AND #storedOpensAt > :now',
    ExpressionAttributeNames: {
      ...set.ExpressionAttributeNames,
      '#previousDigest': 'definitionDigest',
      '#storedOpensAt': 'opensAt',
    },
    ExpressionAttributeValues: {
      ...set.ExpressionAttributeValues,
      ...(previous.definitionDigest === undefined ? {} : { ':previousDigest': previous.definitionDigest }),
      ':now': now.toISOString(),
    },
  };
}

/** A candidate: its name set (its votes are counted in its tally shards, `tallyShardWrites`). */
export function candidateWrite(
  table: string,
  electionId: string,
  candidate: { candidateId: string; fullName: string },
): UpdateCommandInput {
  return {
    TableName: table,
    Key: candidateKey(electionId, candidate.candidateId),
    ...setAll({
      entity: ElectionsEntity.Candidate,
      ...catalogEntry(electionId, candidate.candidateId),
      electionId,
      candidateId: candidate.candidateId,
      fullName: candidate.fullName,
    }),
  };
}

/** A candidate's tally shards, each with voteCount 0 only if it has none yet (never reset). */
export function tallyShardWrites(table: string, electionId: string, candidateId: string): UpdateCommandInput[] {
  return allShards().map((shard) => {
    const set = setAll({ entity: ElectionsEntity.TallyShard, electionId, candidateId, shard });
    return {
      TableName: table,
      Key: tallyKey(electionId, candidateId, shard),
      ...set,
      UpdateExpression: `${set.UpdateExpression}, #voteCount = if_not_exists(#voteCount, :zero)`,
      ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#voteCount': 'voteCount' },
      ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ':zero': 0 },
    };
  });
}

/**
 * A candidate the definition no longer lists (before the polls open): its item and its tally
 * shards removed together, and only while no shard has a vote.
 */
export function candidateRemoval(table: string, electionId: string, candidateId: string): TransactWriteCommandInput {
  return {
    TransactItems: [
      { Delete: { TableName: table, Key: candidateKey(electionId, candidateId) } },
      ...allShards().map((shard) => ({
        Delete: {
          TableName: table,
          Key: tallyKey(electionId, candidateId, shard),
          ConditionExpression: 'attribute_not_exists(#voteCount) OR #voteCount = :zero',
          ExpressionAttributeNames: { '#voteCount': 'voteCount' },
          ExpressionAttributeValues: { ':zero': 0 },
        },
      })),
    ],
  };
}
