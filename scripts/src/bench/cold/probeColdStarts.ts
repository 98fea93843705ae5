/**
 * The cold-start phase of a run: every function's bundle probed in fresh processes pointed at the
 * running stack, one after the other (each probe's events settle before the next process starts),
 * on Node 20 (this process's, the local stack's) and on Node 22 (Lambda's nodejs22.x, node22.ts,
 * started with the flags Lambda gives it) with a V8 code cache made for the bundle by one warm-up
 * run (codeCache.ts), the largest bundle also without it; then the slowest function once more
 * without `--enable-source-maps` (when its NODE_OPTIONS has it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ElectionSeed } from '@evote/elections';
import { repoRoot } from '../../local/paths';
import type { LocalStack } from '../../local/stack';
import type { BenchOptions } from '../options';
import type { Progress } from '../output/progress';
import { busContextOf } from '../stack';
import { ballotFacts } from '../workload/facts';
import type { BenchBallot } from '../workload/workload';
import { bundlesFromLocalBuild, bundlesFromPackages, compilerMarkers, type ColdBundle } from './bundles';
import { probeOnce, summarise, type ColdRun, type ColdStartResult, type ProbeRuntime } from './coldStart';
import { codeCacheBytes, layOutCodeCache, type CodeCacheLayout } from './codeCache';
import { lambdaNodeArgs, node22For } from './node22';
import { probeEvent } from './probeEvents';

export interface ColdStarts {
  /** The Node of `functions`: this process's (Node 20, the local stack's). */
  node: string;
  /** Every function on Node 20 (the field name predates Node 22's figures). */
  functions: ColdStartResult[];
  /** The slowest function again, without `--enable-source-maps` in NODE_OPTIONS: what the flag costs. */
  withoutSourceMaps?: ColdStartResult;
  /** Every function on Node 22, Lambda's runtime; or why it could not be probed. */
  node22: Node22ColdStarts | { unavailable: string };
}

export interface Node22ColdStarts {
  version: string;
  /**
   * Whether each bundle was probed with a code cache made for it (codeCache.ts), as a package would
   * ship it, and the largest cache's size; or why not. (Named for Node's compile cache, which it replaced.)
   */
  compileCache: { shipped: true; entryBytes: number } | { shipped: false; reason: string };
  functions: ColdStartResult[];
  /** The largest bundle on Node 22 without its code cache (in turn with the runs above): what the cache saves. */
  withoutCompileCache?: ColdStartResult;
}

/**
 * Fresh ballots the probes use up: every function on both runtimes, plus two repeats, each run;
 * and one warm-up run per function that makes its code cache.
 */
export function coldProbeBallots(functions: number, options: Pick<BenchOptions, 'coldRuns' | 'warmEvents'>): number {
  return ((functions * 2 + 2) * options.coldRuns + functions) * (1 + options.warmEvents);
}

/**
 * `audited`: ballots the pipeline has processed (the read functions' path values name one);
 * `fresh`: ballots nobody has submitted, enough for every event of every probe (coldProbeBallots).
 * Node 20 and Node 22 take turns, run by run, so both see the same machine on average.
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
  const probeRun = async (bundle: ColdBundle, runtime: ProbeRuntime, writeCodeCache = false): Promise<ColdRun> => {
    const events = Array.from({ length: 1 + options.warmEvents }, () => {
      const ballot = fresh[next++];
      if (!ballot) throw new Error(`the cold-start probes ran out of fresh ballots after ${fresh.length}`);
      return probeEvent(bundle.fn, { ballot, facts: ballotFacts(ballot, bus), pathValues });
    });
    const run = events.includes(undefined)
      ? notProbed(bundle.fn.key)
      : await probeOnce({
          bundle,
          events,
          runtime,
          clientEnvironment: stack.clientEnvironment,
          settled: () => stack.bus.idle(),
          writeCodeCache,
        });
    await stack.bus.idle(); // what the probe published is processed before the next fresh process starts
    if (!writeCodeCache) progress.advance(++done);
    return run;
  };
  /** Every bundle on every runtime, the runtimes taking turns run by run. */
  const probeAll = async (pairs: { bundle: ColdBundle; runtimes: ProbeRuntime[] }[]) => {
    const results: ColdStartResult[][] = [];
    for (const { bundle, runtimes } of pairs) {
      const runs = runtimes.map((): ColdRun[] => []);
      for (let run = 0; run < options.coldRuns; run++)
        for (const [index, runtime] of runtimes.entries()) runs[index]?.push(await probeRun(bundle, runtime));
      const markers = compilerMarkers(fs.readFileSync(bundle.file, 'utf8'));
      results.push(runs.map((ofRuntime) => summarise(bundle, ofRuntime, markers)));
    }
    return results;
  };

  const node20: ProbeRuntime = { name: 'node20', execPath: process.execPath, version: process.version };
  const node22 = node22For(repoRoot());
  // Node 22 as Lambda starts it, with the flags its bootstrap gives for the function's memory.
  const plain22 = (bundle: ColdBundle): ProbeRuntime | undefined =>
    node22.ok
      ? {
          name: 'node22',
          execPath: node22.execPath,
          version: node22.version,
          execArgv: lambdaNodeArgs(bundle.fn.memorySize),
        }
      : undefined;
  if (node22.ok) progress.step('code caches (one warm-up run per function on Node 22)');
  const caches = node22.ok ? await codeCaches(plain22, bundles, probeRun) : undefined;
  // The largest bundle also runs on Node 22 without its cache, in turn with the other two: what the cache saves.
  const largest = [...bundles].sort((a, b) => b.bundleBytes - a.bundleBytes)[0];
  const runtimesOf = (bundle: ColdBundle): ProbeRuntime[] => {
    const plain = plain22(bundle);
    if (!plain) return [node20];
    const layout = caches?.layouts.get(bundle);
    const cached = layout ? { ...plain, codeCache: layout } : plain;
    return bundle === largest && layout ? [node20, cached, plain] : [node20, cached];
  };
  progress.step('cold starts', (bundles.length * (node22.ok ? 2 : 1) + 2) * options.coldRuns);
  const measured = await probeAll(bundles.map((bundle) => ({ bundle, runtimes: runtimesOf(bundle) })));
  const functions = measured.map(([onNode20]) => onNode20 as ColdStartResult);
  const onNode22 = measured.map(([, result]) => result).filter((result) => result !== undefined);
  const withoutCache = measured.map(([, , uncached]) => uncached).find((result) => result !== undefined);

  const withoutSourceMaps = await probeWithoutSourceMaps(bundles, functions, (bundle) =>
    probeAll([{ bundle, runtimes: [node20] }]),
  );
  if (!node22.ok)
    return { node: process.version, functions, ...withoutSourceMaps, node22: { unavailable: node22.reason } };
  return {
    node: process.version,
    functions,
    ...withoutSourceMaps,
    node22: {
      version: node22.version,
      compileCache: caches?.layouts.size
        ? { shipped: true, entryBytes: Math.max(...caches.entryBytes) }
        : { shipped: false, reason: caches?.failure ?? 'not made' },
      functions: onNode22,
      ...(withoutCache ? { withoutCompileCache: withoutCache } : {}),
    },
  };
}

function slowestOf(results: readonly ColdStartResult[]): ColdStartResult | undefined {
  return [...results].sort((a, b) => b.medianMs.loadAndHandle - a.medianMs.loadAndHandle)[0];
}

/** The slowest function once more without `--enable-source-maps`, when its NODE_OPTIONS has it. */
async function probeWithoutSourceMaps(
  bundles: readonly ColdBundle[],
  functions: readonly ColdStartResult[],
  probe: (bundle: ColdBundle) => Promise<ColdStartResult[][]>,
): Promise<{ withoutSourceMaps?: ColdStartResult }> {
  const slowest = slowestOf(functions);
  const bundle = bundles.find((candidate) => candidate.fn.key === slowest?.key);
  const nodeOptions = bundle?.fn.environment.NODE_OPTIONS;
  if (!bundle || !nodeOptions?.includes('--enable-source-maps')) return {};
  const stripped = nodeOptions.replace('--enable-source-maps', '').trim();
  const environment = { ...bundle.fn.environment };
  if (stripped) environment.NODE_OPTIONS = stripped;
  else delete environment.NODE_OPTIONS;
  const [[result]] = (await probe({ ...bundle, fn: { ...bundle.fn, environment } })) as [[ColdStartResult]];
  return { withoutSourceMaps: result };
}

/**
 * A code cache per bundle, made as a package step would: the bundle laid out behind the loader,
 * one warm-up run of the function's event on the Node that will run it, the cache written at its
 * exit (so it holds what that event compiled). The runs that are measured then start cold again.
 */
async function codeCaches(
  runtimeOf: (bundle: ColdBundle) => ProbeRuntime | undefined,
  bundles: readonly ColdBundle[],
  warmUp: (bundle: ColdBundle, runtime: ProbeRuntime, writeCodeCache: boolean) => Promise<ColdRun>,
): Promise<{ layouts: Map<ColdBundle, CodeCacheLayout>; entryBytes: number[]; failure?: string }> {
  const layouts = new Map<ColdBundle, CodeCacheLayout>();
  const entryBytes: number[] = [];
  try {
    for (const bundle of bundles) {
      const runtime = runtimeOf(bundle);
      if (!runtime) throw new Error('no Node to make the code caches with');
      const layout = layOutCodeCache(bundle.file, path.join(path.dirname(bundle.file), 'with-code-cache'));
      const run = await warmUp(bundle, { ...runtime, codeCache: layout }, true);
      if (!run.ok) throw new Error(`the warm-up run of ${bundle.fn.key} failed: ${run.message ?? 'no reason given'}`);
      entryBytes.push(codeCacheBytes(layout));
      layouts.set(bundle, layout);
    }
    return { layouts, entryBytes };
  } catch (error) {
    return { layouts: new Map(), entryBytes, failure: error instanceof Error ? error.message : String(error) };
  }
}

function notProbed(key: string): ColdRun {
  return {
    ok: false,
    message: `no probe event can be built for ${key}`,
    bootMs: NaN,
    loadMs: NaN,
    handleMs: NaN,
    cpuMs: NaN,
    warmMs: [],
    wallMs: NaN,
    generatedAtLoad: 0,
    generatedInHandler: 0,
    maxRssMb: NaN,
  };
}
