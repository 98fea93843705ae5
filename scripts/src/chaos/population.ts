/**
 * Voters and ballots beyond the seed, for the chaos suite: written straight into the voters table
 * with the voters service's own key builders, voting in the seed elections.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BallotState, ballotKey, VotersEntity as Entity, voterKey } from '@evote/voters';
import { electionSeed } from '@evote/elections';
import { applyReset } from '../init/reset';
import { ballot } from '../scenarios/ballots';
import { randomSource } from '../testing/random';

/** A generated voter with the one ballot issued to them and how they will fill it in. */
export interface GeneratedBallot {
  voterId: string;
  fullName: string;
  ballotId: string;
  /** [electionId, candidateId] pairs, one per election at most. */
  votes: [string, string][];
}

/**
 * `count` voters, each issued one ballot that votes in every seed election (one in ten skips
 * one election), for a candidate picked at random. Ids are `<prefix>v<n>` / `<prefix>b<n>`.
 */
export function generateBallots(count: number, options: { prefix?: string; seed?: number } = {}): GeneratedBallot[] {
  const prefix = options.prefix ?? 'c';
  const random = randomSource(options.seed ?? 6);
  return Array.from({ length: count }, (_, index) => {
    const n = index.toString(16).padStart(5, '0');
    const skipped = random() < 0.1 ? Math.floor(random() * electionSeed().length) : -1;
    const votes = electionSeed()
      .filter((_, position) => position !== skipped)
      .map((election): [string, string] => [election.electionId, pick(election.candidates, random).candidateId]);
    return { voterId: `${prefix}v${n}`, fullName: `Chaos Voter ${n}`, ballotId: `${prefix}b${n}`, votes };
  });
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

/** The voter profile and ISSUED ballot items of the generated ballots. */
export function voterItems(ballots: readonly GeneratedBallot[]): Record<string, unknown>[] {
  return ballots.flatMap((generated) => [
    { ...voterKey(generated.voterId), entity: Entity.Voter, voterId: generated.voterId, fullName: generated.fullName },
    {
      ...ballotKey(generated.voterId, generated.ballotId),
      entity: Entity.Ballot,
      voterId: generated.voterId,
      ballotId: generated.ballotId,
      ballotState: BallotState.Issued,
    },
  ]);
}

/** Writes the voters and their ballots, 25 items per BatchWriteItem, retrying unprocessed items (as init does). */
export async function registerVoters(
  db: DynamoDBDocumentClient,
  table: string,
  ballots: readonly GeneratedBallot[],
): Promise<void> {
  await applyReset(db, { table, deletes: [], puts: voterItems(ballots) });
}

/** The body a client POSTs for a generated ballot. */
export function requestOf(generated: GeneratedBallot): unknown {
  return ballot(generated.ballotId, generated.voterId, generated.votes);
}
