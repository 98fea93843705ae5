import fs from 'node:fs';
import path from 'node:path';
import { electionAttributes, type DefinedElection } from './domain/definition';
import { describeProblems, parseDefinitionText } from './domain/definitionFile';
import { candidateKey, catalogEntry, electionKey, Entity } from './domain/keys';
import { emptyTallyShards } from './domain/tallies';

/** The walkthrough's elections: an election definition like any other (docs/election-definition.md). */
export const ELECTION_SEED_FILE = path.join(__dirname, '..', 'seed', 'election.yaml');

/**
 * An election to write as seed data. The polls window and results policy may be left out (the
 * benchmark's and tests' made-up elections do): they then get the seed's own, open long ago
 * until far in the future, results live.
 */
export type ElectionSeed = Pick<DefinedElection, 'electionId' | 'description' | 'date' | 'candidates'> &
  Partial<Pick<DefinedElection, 'opensAt' | 'closesAt' | 'results'>>;

/** The window of an election seed that names none: the seed file's own. */
export const SEED_WINDOW = {
  opensAt: '2022-03-22T11:00:00.000Z',
  closesAt: '2099-12-31T23:59:59.000Z',
  results: 'live',
} as const satisfies Pick<DefinedElection, 'opensAt' | 'closesAt' | 'results'>;

let seedElections: readonly DefinedElection[] | undefined;

/**
 * The walkthrough's elections, read from elections/seed/election.yaml through the same parser and
 * checks as `yarn admin load-election` (once, when first asked: bundles of this package that
 * never ask, such as the benchmark's writer threads, need no file).
 */
export function electionSeed(): readonly DefinedElection[] {
  if (seedElections) return seedElections;
  const check = parseDefinitionText(fs.readFileSync(ELECTION_SEED_FILE, 'utf8'));
  if (!check.ok)
    throw new Error(
      `the seed definition is invalid:\n${describeProblems(ELECTION_SEED_FILE, check.problems).join('\n')}`,
    );
  seedElections = check.definition.elections;
  return seedElections;
}

/** An election seed with its window filled in: what load-election would have written for it. */
export function definedElection(seed: ElectionSeed): DefinedElection {
  return {
    electionId: seed.electionId,
    description: seed.description,
    opensAt: seed.opensAt ?? SEED_WINDOW.opensAt,
    closesAt: seed.closesAt ?? SEED_WINDOW.closesAt,
    results: seed.results ?? SEED_WINDOW.results,
    date: seed.date,
    candidates: seed.candidates,
  };
}

/**
 * The items `yarn run init` writes into the elections table: every candidate's tally shards start
 * at 0 (domain/tallies.ts), and
 * every election and candidate is listed in the catalog index. The election item carries the
 * definition's digest, so loading the seed file with `yarn admin load-election` finds it
 * unchanged. No schedule and no Election Opened: the seed's polls are already open.
 */
export function electionSeedItems(seed: readonly ElectionSeed[] = electionSeed()): Record<string, unknown>[] {
  return seed.map(definedElection).flatMap((election) => [
    {
      ...electionKey(election.electionId),
      ...catalogEntry(election.electionId),
      entity: Entity.Election,
      ...electionAttributes(election),
    },
    ...election.candidates.map((candidate) => ({
      ...candidateKey(election.electionId, candidate.candidateId),
      ...catalogEntry(election.electionId, candidate.candidateId),
      entity: Entity.Candidate,
      electionId: election.electionId,
      candidateId: candidate.candidateId,
      fullName: candidate.fullName,
    })),
    ...election.candidates.flatMap((candidate) => emptyTallyShards(election.electionId, candidate.candidateId)),
  ]);
}
