/** The results of a run as text tables: every figure beside the ceiling it is measured against. */
import { renderTable } from '../../inspect/table';
import type { BenchResult } from '../result';
import { renderColdStarts } from './coldReport';
import type { LayoutRun } from '../partitions/layoutRun';
import type { HotElectionUnderModel } from '../partitions/hotElection';
import type { Comparison } from '../throughput/throughput';
import { totals } from '../cost/dynamoMeter';
import type { PhaseResult } from '../throughput/phases';
import type { Percentiles } from '../throughput/stats';

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
const trio = (p: Percentiles | undefined) => (p ? `${fixed(p.p50)} / ${fixed(p.p95)} / ${fixed(p.p99)}` : '-');

export function renderReport(result: BenchResult): string {
  const { machine, options } = result;
  return [
    `evote benchmark, ${result.startedAt}: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.java}`,
    `load average ${machine.loadAverage.start.join(' ')} at the start, ${machine.loadAverage.end.join(' ')} at the end; run took ${result.totalSeconds.toFixed(0)} s`,
    `${options.ballots} ballots of ${options.votesPerBallot} votes at concurrency ${options.concurrency} (direct ${options.directBallots}, hot ${options.hotBallots}, warm-up ${options.warmupBallots} per path)`,
    '',
    'THROUGHPUT AND LATENCY (local stack; latency ms p50 / p95 / p99 from the POST)',
    throughputTable(result),
    '',
    `pipeline / direct: ${result.throughput.uniform.ratio.toFixed(2)} with uniform votes, ${result.throughput.hot.ratio.toFixed(2)} with one hot candidate per election`,
    `tallies: ${result.throughput.tallies.counted} votes counted of ${result.throughput.tallies.expected} cast`,
    '',
    'WHERE THE TIME WENT (busy threads: event-loop busy time / wall time)',
    busyTable(result),
    '',
    `ONE HOT CANDIDATE UNDER THE PARTITION MODEL (AWS's limits x${result.partitionModel.scale}: ${result.partitionModel.limits.writeUnits} write units/s per partition; ${result.partitionModel.concurrency} votes in flight)`,
    partitionTable(result.partitionModel),
    `sharded / unsharded: ${result.partitionModel.ratio.toFixed(1)}`,
    '',
    `ONE HOT ELECTION UNDER THE PARTITION MODEL (${result.hotElection.candidates} candidates; each vote: the fan-out's catalog read, the save, the count; ${result.hotElection.limits.readUnits} read units/s per partition)`,
    partitionTable(result.hotElection),
    hotElectionLine(result.hotElection),
    '',
    renderColdStarts(result.coldStart, options.coldRuns),
    '',
    `TRAFFIC AND COST PER BALLOT (counted over ${result.traffic.ballots} ballots at concurrency ${result.traffic.concurrency}; ${result.cost.prices.region} list prices of ${result.cost.prices.asOf})`,
    costTable(result),
    '',
    'TARGETS',
    renderTable(
      ['target', 'goal', 'measured', ''],
      result.targets.map((target) => [target.name, target.goal, target.measured, target.met ? 'met' : 'MISSED']),
    ),
  ].join('\n');
}

/** A phase under the partition model, a row per layout (also `yarn bench:partitions`). */
export function partitionTable(model: { unsharded: LayoutRun; sharded: LayoutRun }): string {
  const { unsharded, sharded } = model;
  return renderTable(
    [
      'layout',
      'shards',
      'votes',
      'seconds',
      'votes/s',
      'tallied',
      'reads/vote',
      'redelivered',
      'throttled WU',
      'throttled RU',
      'throttled requests',
      'splits',
      'conflicts',
    ],
    [unsharded, sharded].map((run) => [
      run.layout,
      run.shards,
      run.votes,
      run.seconds.toFixed(1),
      run.votesPerSecond.toFixed(1),
      run.tallied,
      run.itemReadsPerVote.toFixed(1),
      run.redelivered,
      run.throttledWriteUnits,
      run.throttledReadUnits,
      Object.entries(run.throttledRequests)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ') || 'none',
      run.splits,
      run.transactionConflicts,
    ]),
  );
}

/** The hot election's ratio, and the sharded rate in AWS's terms against one partition's 200 votes/s. */
export function hotElectionLine(model: HotElectionUnderModel): string {
  return (
    `sharded / unsharded: ${model.ratio.toFixed(1)}; sharded in AWS's terms: ${fixed(model.awsVotesPerSecond)} votes/s, ` +
    `${model.timesOldCeiling.toFixed(1)}x the 200 of one election on one partition`
  );
}

function throughputTable(result: BenchResult): string {
  const row = (name: string, phase: PhaseResult) => [
    name,
    phase.ballots,
    fixed(phase.ballotsPerSecond, 1),
    trio(phase.latencyMs.accepted ?? phase.latencyMs.written),
    trio(phase.latencyMs.counted),
    trio(phase.latencyMs.audited),
    `${fixed(phase.cpuMsPerBallot.node)} / ${fixed(phase.cpuMsPerBallot.java)}`,
    `${fixed(phase.resources.cores.node, 2)} / ${fixed(phase.resources.cores.java, 2)}`,
    `${fixed(phase.resources.peakRssMb.node)} / ${fixed(phase.resources.peakRssMb.java)}`,
    phase.failed,
  ];
  const pair = (name: string, comparison: Comparison) => [
    row(`${name} pipeline`, comparison.pipeline),
    row(`${name} direct`, comparison.direct),
  ];
  return renderTable(
    [
      'phase',
      'ballots',
      'ballots/s',
      '202 (direct: written)',
      'counted',
      'audited',
      'CPU ms/ballot node/java',
      'cores node/java',
      'peak RSS MB node/java',
      'failed',
    ],
    [...pair('uniform', result.throughput.uniform), ...pair('hot', result.throughput.hot)],
  );
}

function busyTable(result: BenchResult): string {
  const phases: [string, PhaseResult][] = [
    ['uniform pipeline', result.throughput.uniform.pipeline],
    ['uniform direct', result.throughput.uniform.direct],
    ['hot pipeline', result.throughput.hot.pipeline],
  ];
  const names = [...new Set(phases.flatMap(([, phase]) => Object.keys(phase.resources.busyThreads.workers)))];
  const shown = names.filter((name) =>
    phases.some(([, phase]) => (phase.resources.busyThreads.workers[name] ?? 0) >= 0.01),
  );
  return renderTable(
    ['phase', 'main', ...shown],
    phases.map(([name, phase]) => [
      name,
      fixed(phase.resources.busyThreads.main, 2),
      ...shown.map((worker) => fixed(phase.resources.busyThreads.workers[worker], 2)),
    ]),
  );
}

function costTable(result: BenchResult): string {
  const { ours, original } = result.cost;
  const rows = ours.lines.map((line, index) => {
    const theirs = original.lines[index];
    return [
      line.item,
      `${fixed(line.perBallot, line.unit === 'GB-s' ? 4 : 2)} ${line.unit}`,
      `$${fixed(line.dollarsPerMillionBallots, 2)}`,
      theirs ? `${fixed(theirs.perBallot, theirs.unit === 'GB-s' ? 4 : 2)} ${theirs.unit}` : '-',
      theirs ? `$${fixed(theirs.dollarsPerMillionBallots, 2)}` : '-',
    ];
  });
  const dynamo = totals(result.traffic.dynamo);
  const operations = Object.entries(result.traffic.perBallot.dynamo)
    .map(([operation, count]) => `${operation} ${fixed(count.requests, 2)}`)
    .join(', ');
  const functions = Object.entries(result.traffic.perBallot.functions)
    .map(([key, fn]) => `${key} ${fixed(fn.invocations, 2)} x ${fixed(fn.meanMs, 1)} ms`)
    .join(', ');
  return [
    renderTable(
      ['per ballot', 'this design', '$ per million ballots', 'original design', '$ per million ballots'],
      [
        ...rows,
        [
          'total',
          '',
          `$${fixed(ours.dollarsPerMillionBallots, 2)}`,
          '',
          `$${fixed(original.dollarsPerMillionBallots, 2)}`,
        ],
      ],
    ),
    `DynamoDB requests per ballot: ${operations} (${dynamo.errors} errors in the counted pass; GSI share of the writes ${fixed(dynamo.indexWriteUnits / result.traffic.ballots, 2)} WRU)`,
    `Lambda per ballot: ${functions}`,
    `EventBridge entries per ballot: ${Object.entries(result.traffic.perBallot.eventEntries)
      .map(([source, count]) => `${source} ${fixed(count, 2)}`)
      .join(', ')}`,
  ].join('\n');
}
