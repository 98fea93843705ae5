/** What a run of `yarn bench` returns (and prints with `--json`), and the machine it ran on. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { ColdStarts } from './cold/probeColdStarts';
import type { BallotTraffic } from './cost/cost';
import type { DynamoTraffic } from './cost/dynamoMeter';
import type { CostComparison } from './cost/traffic';
import type { BenchOptions } from './options';
import type { HotCandidateUnderModel } from './partitions/hotCandidate';
import type { HotElectionUnderModel } from './partitions/hotElection';
import type { Throughput } from './throughput/throughput';
import type { Verdict } from './verdicts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  java: string;
  platform: string;
  loadAverage: { start: number[]; end: number[] };
}

export interface BenchResult {
  startedAt: string;
  totalSeconds: number;
  machine: Machine;
  options: BenchOptions;
  throughput: Throughput;
  /** One hot candidate's votes under the partition model, unsharded and sharded. */
  partitionModel: HotCandidateUnderModel;
  /** One hot election's catalog reads, saves and counts under the partition model, unsharded and sharded. */
  hotElection: HotElectionUnderModel;
  coldStart: { bundles: 'sls package' | 'local build' } & ColdStarts;
  traffic: {
    ballots: number;
    concurrency: number;
    perBallot: BallotTraffic;
    dynamo: DynamoTraffic;
    retriedDeliveries: number;
    errorLines: string[];
  };
  cost: CostComparison;
  /** The verdicts; `targets` is the name the JSON output (and the report's TARGETS table) has always used. */
  targets: Verdict[];
}

export function machine(loadAtStart: number[]): Machine {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    java: (java.stderr || java.stdout || '').split('\n')[0]?.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: {
      start: loadAtStart.map((load) => Math.round(load * 100) / 100),
      end: os.loadavg().map((load) => Math.round(load * 100) / 100),
    },
  };
}
