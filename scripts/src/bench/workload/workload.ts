/**
 * The benchmark's voters, elections and ballots: generated from a seed (the same options give
 * the same ids and choices), shaped like the walkthrough's data (6-hex-digit ids, names of the
 * same length), and written with the services' own seed builders.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Vote } from '@evote/shared';
import { electionSeedItems, type ElectionSeed } from '@evote/elections';
import { BallotState, voterSeedItems, type VoterSeed } from '@evote/voters';
import { applyReset } from '../../init/reset';
import { randomSource } from '../../testing/random';
import type { BenchTables } from '../stack';

export interface BenchBallot {
  ballotId: string;
  voterId: string;
  fullName: string;
  votes: Vote[];
}

/** How the votes of a set of ballots are spread. */
export type VoteSpread = 'uniform' | 'hot';

const FIRST = ['Abby', 'Robert', 'Joe', 'Carla', 'Delores', 'Elena', 'Beth', 'Frank', 'Grace', 'Hector'];
const LAST = ['Adams', 'Rodriguez', 'Jones', 'Castano', 'Dumfries', 'Espinoza', 'Barnes', 'Fischer', 'Garcia', 'Huang'];

/** Generates unique 6-hex-digit ids, names and ballots from one seed. */
export class WorkloadGenerator {
  private readonly random: () => number;
  private readonly used = new Set<string>();

  constructor(seed = 7) {
    this.random = randomSource(seed);
  }

  /** `count` elections, each with `candidates` candidates. */
  elections(count: number, candidates: number): ElectionSeed[] {
    return Array.from({ length: count }, (_, index) => ({
      electionId: this.id(),
      description: `Bench Election ${index + 1}`,
      date: '2022-03-22',
      candidates: Array.from({ length: candidates }, () => ({ candidateId: this.id(), fullName: this.name() })),
    }));
  }

  /**
   * `count` ballots, each issued to a voter of its own, with one vote in every election:
   * a random candidate (`uniform`) or always the election's first candidate (`hot`).
   */
  ballots(count: number, elections: readonly ElectionSeed[], spread: VoteSpread): BenchBallot[] {
    return Array.from({ length: count }, () => ({
      ballotId: this.id(),
      voterId: this.id(),
      fullName: this.name(),
      votes: elections.map((election) => ({
        electionId: election.electionId,
        candidateId: this.candidateOf(election, spread),
      })),
    }));
  }

  private candidateOf(election: ElectionSeed, spread: VoteSpread): string {
    const index = spread === 'hot' ? 0 : Math.floor(this.random() * election.candidates.length);
    return (election.candidates[index] as { candidateId: string }).candidateId;
  }

  private id(): string {
    for (;;) {
      const id = Math.floor(this.random() * 0x1000000)
        .toString(16)
        .padStart(6, '0');
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  private name(): string {
    const pick = (list: readonly string[]) => list[Math.floor(this.random() * list.length)] as string;
    const first = pick(FIRST);
    return `${first} ${first.charAt(0)} ${pick(LAST)}`;
  }
}

/** The voter of each ballot, with that one ballot ISSUED to them. */
export function votersOf(ballots: readonly BenchBallot[]): VoterSeed[] {
  return ballots.map((ballot) => ({
    voterId: ballot.voterId,
    fullName: ballot.fullName,
    ballots: [{ ballotId: ballot.ballotId, ballotState: BallotState.Issued }],
  }));
}

/** The body a client POSTs to /events for a ballot. */
export function ballotRequest(ballot: BenchBallot): unknown {
  return {
    type: 'Ballot Submitted',
    detail: { ballotId: ballot.ballotId, voterId: ballot.voterId, votes: ballot.votes },
  };
}

/** Writes the elections and the voters (with their ISSUED ballots), several batches at a time. */
export async function seedWorkload(
  db: DynamoDBDocumentClient,
  tables: Pick<BenchTables, 'voters' | 'elections'>,
  elections: readonly ElectionSeed[],
  ballots: readonly BenchBallot[],
): Promise<void> {
  const parallel = 4;
  const plans = [
    ...split(electionSeedItems(elections), parallel).map((puts) => ({ table: tables.elections, deletes: [], puts })),
    ...split(voterSeedItems(votersOf(ballots)), parallel).map((puts) => ({ table: tables.voters, deletes: [], puts })),
  ];
  await Promise.all(plans.map((plan) => applyReset(db, plan)));
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, index) => items.slice(index * size, (index + 1) * size)).filter(
    (part) => part.length > 0,
  );
}
