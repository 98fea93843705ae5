/**
 * The hot-candidate phase under the partition model: every vote of an election goes to one
 * candidate, and each vote is saved and counted by the elections store through the partition
 * model (docs/partition-model.md) at the same scaled limits, first with the unsharded layout (one
 * tally item, one votes partition), then with the sharded one (`TALLY_SHARDS`), each for a fixed
 * time with the same closed-loop concurrency (layoutRun.ts).
 */
import { emptyTallyShards, TALLY_SHARDS } from '@evote/elections';
import { scaledLimits } from '../../local/dynamodb/partitions/setting';
import type { Progress } from '../output/progress';
import { runLayout, type LayoutRun, type UnderModelOptions } from './layoutRun';

export type { LayoutRun } from './layoutRun';
export type HotCandidateOptions = UnderModelOptions;

export interface HotCandidateUnderModel {
  scale: number;
  /** Units per second one partition (and one item) takes at this scale. */
  limits: { writeUnits: number; readUnits: number };
  concurrency: number;
  unsharded: LayoutRun;
  sharded: LayoutRun;
  /** sharded votes/s ÷ unsharded votes/s. */
  ratio: number;
}

const CANDIDATE = 'hot';

export async function hotCandidateUnderModel(
  options: HotCandidateOptions,
  progress: Progress,
): Promise<HotCandidateUnderModel> {
  const layout = (shards: number) => ({
    phase: 'hot candidate',
    layout: shards === 1 ? ('unsharded' as const) : ('sharded' as const),
    shards,
    items: (electionId: string) => emptyTallyShards(electionId, CANDIDATE, shards),
    candidates: [CANDIDATE],
    readsCatalog: false,
  });
  const unsharded = await runLayout(options, layout(1), progress);
  const sharded = await runLayout(options, layout(TALLY_SHARDS), progress);
  return {
    scale: options.scale,
    limits: scaledLimits({ scale: options.scale }),
    concurrency: options.concurrency,
    unsharded,
    sharded,
    ratio: sharded.votesPerSecond / unsharded.votesPerSecond,
  };
}
