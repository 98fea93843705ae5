/**
 * The hot-candidate phase under the partition model: every vote of an election goes to one
 * candidate, and each vote is saved and counted by the elections store through the partition
 * model (docs/partition-model.md) at the same scaled limits, first with the unsharded layout (one
 * tally item, one votes partition), then with the sharded one (`TALLY_SHARDS`), each for a fixed
 * time with the same closed-loop concurrency (layoutRun.ts).
 */
import { emptyTallyShards, TALLY_SHARDS } from '@evote/elections';
import type { Progress } from '../output/progress';
import { compareLayouts, type LayoutComparison, type UnderModelOptions, type Workload } from './layoutRun';

export type HotCandidateUnderModel = LayoutComparison;

const CANDIDATE = 'hot';

export function hotCandidateUnderModel(
  options: UnderModelOptions,
  progress: Progress,
): Promise<HotCandidateUnderModel> {
  const layout = (shards: number): Workload => ({
    phase: 'hot candidate',
    layout: shards === 1 ? 'unsharded' : 'sharded',
    shards,
    items: (electionId) => emptyTallyShards(electionId, CANDIDATE, shards),
    candidates: [CANDIDATE],
    readsCatalog: false,
  });
  return compareLayouts(options, { unsharded: layout(1), sharded: layout(TALLY_SHARDS) }, progress);
}
