/**
 * Where a load reads and writes elections: the port the load is written against, and its
 * DynamoDB implementation on the elections table (reads are consistent: the plan is made from
 * what is stored now, not from a replica a moment behind).
 */
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  allShards,
  candidateLabelOf,
  candidateItems,
  electionKey,
  electionPartition,
  sumTallyShards,
  tallyPartition,
  type DefinedElection,
} from '@evote/elections';
import { isConditionalCheckFailed } from '@evote/shared';
import type { StoredElection } from './plan';
import { candidateRemoval, candidateWrite, electionWrite, tallyShardWrites } from './requests';

export interface DefinitionStore {
  /** What is stored of these elections (absent: not stored). */
  stored(electionIds: readonly string[]): Promise<Map<string, StoredElection>>;
  /** Writes an election's candidates and removes the ones it no longer lists. */
  writeCandidates(election: DefinedElection, removedCandidates: readonly string[]): Promise<void>;
  /** Writes the election item last; throws `ElectionChangedError` if it changed since `stored` read it. */
  writeElection(election: DefinedElection, previous: StoredElection | undefined, now: Date): Promise<void>;
}

/** The election changed between the plan and the write: another load, or its polls opened. */
export class ElectionChangedError extends Error {
  readonly code = 'ELECTION_CHANGED_DURING_LOAD';
  constructor(electionId: string, options?: { cause?: unknown }) {
    super(
      `election ${electionId} changed while it was being loaded (another load, or its polls opened): load the file again to see where it stands`,
      options,
    );
    this.name = 'ElectionChangedError';
  }
}

export function dynamoDefinitionStore(db: DynamoDBDocumentClient, table: string): DefinitionStore {
  return {
    async stored(electionIds) {
      const found = await Promise.all(electionIds.map((electionId) => readStored(db, table, electionId)));
      return new Map(found.flatMap((stored) => (stored ? [[stored.electionId, stored] as const] : [])));
    },
    async writeCandidates(election, removedCandidates) {
      for (const candidate of election.candidates) {
        await db.send(new UpdateCommand(candidateWrite(table, election.electionId, candidate)));
        await Promise.all(
          tallyShardWrites(table, election.electionId, candidate.candidateId).map((write) =>
            db.send(new UpdateCommand(write)),
          ),
        );
      }
      for (const candidateId of removedCandidates)
        await db.send(new TransactWriteCommand(candidateRemoval(table, election.electionId, candidateId)));
    },
    async writeElection(election, previous, now) {
      try {
        await db.send(new UpdateCommand(electionWrite(table, election, previous, now)));
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new ElectionChangedError(election.electionId, { cause: error });
        throw error;
      }
    },
  };
}

async function readStored(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: string,
): Promise<StoredElection | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: electionKey(electionId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const [named, ...shards] = await Promise.all([
    candidateItems(db, table, electionPartition(electionId), true),
    ...allShards().map((shard) => candidateItems(db, table, tallyPartition(electionId, shard), true)),
  ]);
  const counts = sumTallyShards(shards.flat());
  const candidates: StoredElection['candidates'] = named.map((item) => ({
    candidateId: String(item.candidateId),
    voteCount: counts.get(candidateLabelOf(electionId, String(item.candidateId)))?.voteCount ?? 0,
  }));
  return {
    electionId,
    opensAt: typeof Item.opensAt === 'string' ? Item.opensAt : undefined,
    definitionDigest: typeof Item.definitionDigest === 'string' ? Item.definitionDigest : undefined,
    candidates,
  };
}
