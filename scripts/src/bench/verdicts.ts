/** The benchmark's goals (docs/performance.md), each with its measured value and whether it was met. */
import type { ColdStarts } from './cold/probeColdStarts';
import type { HotCandidateUnderModel } from './partitions/hotCandidate';
import type { HotElectionUnderModel } from './partitions/hotElection';
import type { LayoutRun } from './partitions/layoutRun';
import type { BenchResult } from './result';

export interface Verdict {
  name: string;
  goal: string;
  measured: string;
  met: boolean;
}

export function verdicts(result: Omit<BenchResult, 'targets'>): Verdict[] {
  const { uniform, hot } = result.throughput;
  const slowest = [...result.coldStart.functions].sort(
    (a, b) => b.medianMs.loadAndHandle - a.medianMs.loadAndHandle,
  )[0];
  const compiled = result.coldStart.functions.filter((fn) => fn.compilerMarkers.length > 0 || fn.generatedAtLoad > 0);
  const coldFailed = result.coldStart.functions.filter((fn) => fn.failed > 0);
  return [
    {
      name: 'pipeline/direct throughput, uniform votes',
      goal: '>= 0.5',
      measured: uniform.ratio.toFixed(2),
      met: uniform.ratio >= 0.5,
    },
    {
      name: 'pipeline/direct throughput, one hot candidate',
      goal: '(reported)',
      measured: hot.ratio.toFixed(2),
      met: true,
    },
    hotCandidateVerdict(result.partitionModel),
    hotElectionVerdict(result.hotElection),
    {
      name: 'cold load + first event, slowest function',
      goal: '< 100 ms',
      measured: slowest ? `${slowest.medianMs.loadAndHandle.toFixed(0)} ms (${slowest.key})` : 'none',
      met:
        slowest !== undefined &&
        coldFailed.length === 0 &&
        result.coldStart.functions.every((fn) => fn.medianMs.loadAndHandle < 100),
    },
    node22Verdict(result.coldStart),
    {
      name: 'no schema compiled at load time',
      goal: 'no compiler in any bundle, no code generated',
      measured: compiled.length ? compiled.map((fn) => fn.key).join(', ') : 'none',
      met: compiled.length === 0,
    },
    {
      name: 'cost per million ballots below the original design',
      goal: '< original',
      measured: `$${result.cost.ours.dollarsPerMillionBallots.toFixed(2)} vs $${result.cost.original.dollarsPerMillionBallots.toFixed(2)}`,
      met: result.cost.ours.dollarsPerMillionBallots < result.cost.original.dollarsPerMillionBallots,
    },
    {
      name: 'every vote counted exactly once',
      goal: `${result.throughput.tallies.expected}`,
      measured: `${result.throughput.tallies.counted}`,
      met: result.throughput.tallies.expected === result.throughput.tallies.counted,
    },
    {
      name: 'whole run',
      goal: '< 300 s with the defaults',
      measured: `${result.totalSeconds.toFixed(0)} s`,
      met: result.totalSeconds < 300,
    },
  ];
}

/** The sharded layout against the unsharded one, one hot candidate, the same scaled limits; each counted exactly once. */
function hotCandidateVerdict(model: HotCandidateUnderModel): Verdict {
  const miscounted = miscountedRuns(model);
  return {
    name: `hot candidate under the partition model (x${model.scale}), sharded / unsharded votes/s`,
    goal: '>= 10, each counted once',
    measured:
      `${model.ratio.toFixed(1)} (${model.sharded.votesPerSecond.toFixed(1)} / ${model.unsharded.votesPerSecond.toFixed(1)})` +
      miscountNotes(miscounted),
    met: model.ratio >= 10 && miscounted.length === 0,
  };
}

/** One election's votes through the fan-out's read, the save and the count, sharded, in AWS's terms; each counted once. */
function hotElectionVerdict(model: HotElectionUnderModel): Verdict {
  const miscounted = miscountedRuns(model);
  return {
    name: `hot election under the partition model (x${model.scale}), sharded votes/s in AWS's terms`,
    goal: '>= 10x 200 (one partition), each counted once',
    measured:
      `${model.timesOldCeiling.toFixed(1)}x (${model.awsVotesPerSecond.toFixed(0)} votes/s)` +
      miscountNotes(miscounted),
    met: model.timesOldCeiling >= 10 && miscounted.length === 0,
  };
}

/** The layouts of a partition-model phase whose tallies differ from the votes they cast. */
function miscountedRuns(model: { unsharded: LayoutRun; sharded: LayoutRun }): LayoutRun[] {
  return [model.unsharded, model.sharded].filter((run) => run.tallied !== run.votes);
}

function miscountNotes(runs: readonly LayoutRun[]): string {
  return runs.map((run) => `; ${run.layout} tallied ${run.tallied} of ${run.votes}`).join('');
}

/** Lambda's runtime: load + first event of every function on Node 22, median. */
function node22Verdict(cold: ColdStarts): Verdict {
  const name = 'cold load + first event on Node 22 (Lambda), slowest function';
  if (!('functions' in cold.node22)) return { name, goal: '<= 100 ms', measured: cold.node22.unavailable, met: false };
  const { functions } = cold.node22;
  const slowest = [...functions].sort((a, b) => b.medianMs.loadAndHandle - a.medianMs.loadAndHandle)[0];
  return {
    name,
    goal: '<= 100 ms',
    measured: slowest ? `${slowest.medianMs.loadAndHandle.toFixed(0)} ms (${slowest.key})` : 'none',
    met: slowest !== undefined && functions.every((fn) => fn.failed === 0 && fn.medianMs.loadAndHandle <= 100),
  };
}
