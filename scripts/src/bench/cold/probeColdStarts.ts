/**
 * The cold-start phase of a run: every function's bundle probed in fresh processes pointed at the
 * running stack, one after the other (each probe's events settle before the next process starts),
 * then the slowest function once more without `--enable-source-maps`, when its NODE_OPTIONS has it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ElectionSeed } from '@evote/elections';
import type { LocalStack } from '../../local/stack';
import type { BenchOptions } from '../options';
import type { Progress } from '../output/progress';
import { busContextOf } from '../stack';
import { ballotFacts } from '../workload/facts';
import type { BenchBallot } from '../workload/workload';
import {
  bundlesFromLocalBuild,
  bundlesFromPackages,
  compilerMarkers,
  probeOnce,
  summarise,
  type ColdBundle,
  type ColdRun,
  type ColdStartResult,
} from './coldStart';
import { probeEvent } from './probeEvents';

export interface ColdStarts {
  functions: ColdStartResult[];
  /** The slowest function again, without `--enable-source-maps` in NODE_OPTIONS: what the flag costs. */
  withoutSourceMaps?: ColdStartResult;
}

/**
 * `audited`: ballots the pipeline has processed (the read functions' path values name one);
 * `fresh`: ballots nobody has submitted, enough for every event of every probe.
 */
export async function probeColdStarts(
  options: BenchOptions,
  stack: LocalStack,
  elections: readonly ElectionSeed[],
  audited: readonly BenchBallot[],
  fresh: readonly BenchBallot[],
  workDir: string,
  progress: Progress,
): Promise<ColdStarts> {
  const outDir = path.join(workDir, 'cold');
  const bundles = options.package
    ? bundlesFromPackages(stack.model, outDir)
    : bundlesFromLocalBuild(
        [...stack.functions.values()].map((host) => host.bundled),
        outDir,
      );
  const bus = busContextOf(stack);
  const pathValues = {
    electionId: elections[0]?.electionId ?? 'unknown',
    entityType: 'ballot',
    entityId: audited[0]?.ballotId ?? 'unknown',
    ballotId: audited[0]?.ballotId ?? 'unknown',
    voterId: audited[0]?.voterId ?? 'unknown',
  };
  let next = 0;
  let done = 0;
  const probe = async (bundle: ColdBundle): Promise<ColdStartResult> => {
    const runs: ColdRun[] = [];
    for (let run = 0; run < options.coldRuns; run++) {
      const events = Array.from({ length: 1 + options.warmEvents }, () => {
        const ballot = fresh[next++] as BenchBallot;
        return probeEvent(bundle.fn, { ballot, facts: ballotFacts(ballot, bus), pathValues });
      });
      runs.push(
        events.includes(undefined)
          ? notProbed(bundle.fn.key)
          : await probeOnce({
              bundle,
              events,
              clientEnvironment: stack.clientEnvironment,
              settled: () => stack.bus.idle(),
            }),
      );
      await stack.bus.idle(); // what the probe published is processed before the next fresh process starts
      progress.advance(++done);
    }
    return summarise(bundle, runs, compilerMarkers(fs.readFileSync(bundle.file, 'utf8')));
  };
  progress.step('cold starts', (bundles.length + 1) * options.coldRuns);
  const functions: ColdStartResult[] = [];
  for (const bundle of bundles) functions.push(await probe(bundle));
  const slowest = [...functions].sort((a, b) => b.medianMs.loadAndHandle - a.medianMs.loadAndHandle)[0];
  const bundle = bundles.find((candidate) => candidate.fn.key === slowest?.key);
  const nodeOptions = bundle?.fn.environment.NODE_OPTIONS;
  if (!bundle || !nodeOptions?.includes('--enable-source-maps')) return { functions };
  const stripped = nodeOptions.replace('--enable-source-maps', '').trim();
  const environment = { ...bundle.fn.environment };
  if (stripped) environment.NODE_OPTIONS = stripped;
  else delete environment.NODE_OPTIONS;
  return { functions, withoutSourceMaps: await probe({ ...bundle, fn: { ...bundle.fn, environment } }) };
}

function notProbed(key: string): ColdRun {
  return {
    ok: false,
    message: `no probe event can be built for ${key}`,
    bootMs: NaN,
    loadMs: NaN,
    handleMs: NaN,
    warmMs: [],
    wallMs: NaN,
    generatedAtLoad: 0,
    generatedInHandler: 0,
    maxRssMb: NaN,
  };
}
