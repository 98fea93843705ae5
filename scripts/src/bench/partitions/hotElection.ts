/**
 * The hot-election phase under the partition model: every vote goes to one election, to its
 * candidates in turn, and each vote takes the elections service's own path through the model
 * (docs/partition-model.md): the fan-out's consistent catalog read, then the save and the count
 * (layoutRun.ts). Two layouts at the same scaled limits, each for a fixed time:
 *
 * - unsharded: the election item does not list its candidates, so the fan-out reads it and the
 *   candidate's item (2 read units a vote on `ELECTION#<e>`, as before `candidateIds`), and each
 *   candidate has one tally item (all in one partition);
 * - sharded: as the services write it: the election item lists its candidates (1 read unit a
 *   vote) and each candidate has `TALLY_SHARDS` tally shards.
 *
 * The design before this work kept every item a vote touched on `ELECTION#<e>` (5 write units a
 * vote): about 200 votes/s of one election in AWS (docs/performance.md). That layout's code is
 * gone, so the sharded run is also given in AWS's terms (votes/s ÷ scale) against those 200.
 */
import { electionSeedItems, ElectionsEntity, emptyTallyShards, TALLY_SHARDS } from '@evote/elections';
import type { Progress } from '../output/progress';
import { compareLayouts, type Layout, type LayoutComparison, type UnderModelOptions, type Workload } from './layoutRun';

export interface HotElectionUnderModel extends LayoutComparison {
  /** The election's candidates; the votes name them in turn. */
  candidates: number;
  /** The sharded layout's votes/s in AWS's terms (÷ scale). */
  awsVotesPerSecond: number;
  /** awsVotesPerSecond ÷ the 200 votes/s one election took before (`OLD_ELECTION_CEILING`). */
  timesOldCeiling: number;
}

/** Votes/s of one election in AWS when all its items shared one partition: 1,000 WU/s ÷ 5 WU a vote. */
export const OLD_ELECTION_CEILING = 200;

const CANDIDATES = Array.from({ length: 8 }, (_, index) => `c${index + 1}`);

export async function hotElectionUnderModel(
  options: UnderModelOptions,
  progress: Progress,
): Promise<HotElectionUnderModel> {
  const compared = await compareLayouts(
    options,
    { unsharded: hotElection('unsharded'), sharded: hotElection('sharded') },
    progress,
  );
  const awsVotesPerSecond = compared.sharded.votesPerSecond / options.scale;
  return {
    ...compared,
    candidates: CANDIDATES.length,
    awsVotesPerSecond,
    timesOldCeiling: awsVotesPerSecond / OLD_ELECTION_CEILING,
  };
}

function hotElection(layout: Layout): Workload {
  return {
    phase: 'hot election',
    layout,
    shards: layout === 'sharded' ? TALLY_SHARDS : 1,
    items: (electionId) => electionItems(electionId, layout),
    candidates: CANDIDATES,
    readsCatalog: true,
  };
}

/** What init writes for an election; unsharded, without the candidate list and with one tally item a candidate. */
export function electionItems(electionId: string, layout: Layout): Record<string, unknown>[] {
  const items = electionSeedItems([
    {
      electionId,
      description: 'The benchmark’s hot election',
      date: '2026-11-30',
      candidates: CANDIDATES.map((candidateId) => ({ candidateId, fullName: `Candidate ${candidateId}` })),
    },
  ]);
  if (layout === 'sharded') return items;
  return [
    ...items.flatMap((item) => {
      if (item.entity === ElectionsEntity.TallyShard) return [];
      if (item.entity !== ElectionsEntity.Election) return [item];
      const { candidateIds: _listed, ...unlisted } = item;
      return [unlisted];
    }),
    ...CANDIDATES.flatMap((candidateId) => emptyTallyShards(electionId, candidateId, 1)),
  ];
}
