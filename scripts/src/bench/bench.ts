/**
 * `yarn bench`: throughput and latency of the whole pipeline on the local stack, beside the
 * ceiling of the same DynamoDB writes sent directly; the same with one hot candidate; cold start
 * per function; and the cost per million ballots counted from the run's own traffic.
 *
 * Order of a run (see docs/performance.md):
 * 1. an in-memory local stack whose functions reach DynamoDB through a counting proxy: a short
 *    counted pass gives the traffic of one ballot, while `sls package --stage bench` starts in
 *    the background (counts do not depend on timing);
 * 2. a fresh stack: seeding; packaging is awaited (nothing is timed while it runs); warm-up
 *    (both paths), then direct / pipeline / direct (A-B-A) with uniform votes, then the same with
 *    every vote on one candidate per election; the tallies are checked;
 * 3. the cold-start probes, fresh Node processes pointed at that stack.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { candidateKey, type ElectionSeed } from '@evote/elections';
import { startLocalStack, type LocalStack } from '../local/stack';
import type { FunctionModel } from '../local/model/types';
import { freePort } from '../local/net';
import { repoRoot } from '../local/paths';
import { packageAll } from '../deploy/package-all';
import { originalDesignTraffic, priceTraffic, PRICES, type BallotTraffic, type CostModel } from './cost';
import { bundlesFromLocalBuild, bundlesFromPackages, compilerMarkers, probeOnce, summarise, type ColdBundle, type ColdRun, type ColdStartResult } from './coldStart';
import { DirectWriters } from './directWriters';
import { DynamoMeter, type DynamoTraffic } from './dynamoMeter';
import { ballotFacts, type BusContext } from './facts';
import { combine, runDirect, runPipeline, type PhaseContext, type PhaseResult } from './phases';
import { probeEvent } from './probeEvents';
import { silent, type Progress } from './progress';
import { findDynamoDbLocalPid } from './resources';
import { seedWorkload, WorkloadGenerator, type BenchBallot, type VoteSpread } from './workload';

export interface BenchOptions {
  /** Ballots through the pipeline in the main (uniform) run. */
  ballots: number;
  /** Ballots in flight at once, in every phase. */
  concurrency: number;
  votesPerBallot: number;
  candidatesPerElection: number;
  /** Ballots written directly for the ceiling (half before, half after the pipeline). */
  directBallots: number;
  /** Ballots through the pipeline with one hot candidate (and as many again, written directly). */
  hotBallots: number;
  /** Ballots each path processes before anything is measured (JIT of Node and of DynamoDB Local). */
  warmupBallots: number;
  /** Ballots of the counted pass that gives the traffic (and cost) of one ballot. */
  costBallots: number;
  /** Fresh processes per function for the cold start (median reported). */
  coldRuns: number;
  /** Events each fresh process handles after its first, one at a time (warm durations, for the cost). */
  warmEvents: number;
  /** Run `sls package` and probe its bundles; otherwise probe the local stack's bundles. */
  package: boolean;
  /** Most worker threads per function (and direct-writer threads); default: the local stack's. */
  workers?: number;
  /** Seed of the generated data. */
  seed: number;
}

/** 600 keeps a default run under 5 minutes on a 2-core machine (2,000 took 446 s there: docs/performance.md). */
export const DEFAULT_BALLOTS = 600;
export const DEFAULT_CONCURRENCY = 16;

/** Options with everything not given derived from `ballots`. */
export function benchOptions(given: Partial<BenchOptions> = {}): BenchOptions {
  const ballots = given.ballots ?? DEFAULT_BALLOTS;
  return {
    ballots,
    concurrency: given.concurrency ?? DEFAULT_CONCURRENCY,
    votesPerBallot: given.votesPerBallot ?? 2,
    candidatesPerElection: given.candidatesPerElection ?? 4,
    directBallots: given.directBallots ?? Math.max(2, Math.ceil(ballots / 2)),
    hotBallots: given.hotBallots ?? Math.max(2, Math.ceil(ballots / 4)),
    warmupBallots: given.warmupBallots ?? Math.min(100, Math.ceil(ballots / 10)),
    costBallots: given.costBallots ?? Math.min(50, ballots),
    coldRuns: given.coldRuns ?? 10,
    warmEvents: given.warmEvents ?? 2,
    package: given.package ?? true,
    ...(given.workers === undefined ? {} : { workers: given.workers }),
    seed: given.seed ?? 7,
  };
}

export interface Comparison {
  pipeline: PhaseResult;
  direct: PhaseResult;
  /** Pipeline ballots/s divided by direct ballots/s: the headline figure. */
  ratio: number;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  java: string;
  platform: string;
  loadAverage: { start: number[]; end: number[] };
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchResult {
  startedAt: string;
  totalSeconds: number;
  machine: Machine;
  options: BenchOptions;
  throughput: { uniform: Comparison; hot: Comparison; tallies: { expected: number; counted: number } };
  coldStart: { bundles: 'sls package' | 'local build'; functions: ColdStartResult[]; withoutSourceMaps?: ColdStartResult };
  traffic: { ballots: number; concurrency: number; perBallot: BallotTraffic; dynamo: DynamoTraffic; retriedDeliveries: number; errorLines: string[] };
  cost: { prices: typeof PRICES; ours: CostModel; original: CostModel; oursOverOriginal: number };
  targets: Target[];
}

interface Tables {
  voters: string;
  elections: string;
  audit: string;
}

function tablesOf(stack: LocalStack): Tables {
  const of = (service: string) => {
    const table = stack.model.services.find((candidate) => candidate.name === service)?.tables[0];
    if (!table) throw new Error(`${service} declares no table`);
    return table.tableName;
  };
  return { voters: of('evote-voters'), elections: of('evote-elections'), audit: of('evote-audit') };
}

function documentClientFor(stack: LocalStack): { client: DynamoDBClient; db: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({ region: stack.model.region, endpoint: stack.urls.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { client, db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

export async function runBenchmark(given: Partial<BenchOptions> = {}, progress: Progress = silent): Promise<BenchResult> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = benchOptions(given);
  const root = repoRoot();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg();
  const workDir = path.join(root, '.evote', 'tmp', `bench-${randomUUID()}`);
  fs.mkdirSync(workDir, { recursive: true });
  const generator = new WorkloadGenerator(options.seed);
  const elections = generator.elections(options.votesPerBallot, options.candidatesPerElection);
  const packaging: Packaging = { start: () => (options.package ? packageAll({ root, stage: 'bench' }) : undefined) };
  try {
    const counted = await countTraffic(options, generator, elections, packaging, progress);
    const measured = await measureOnFreshStack(options, generator, elections, workDir, packaging, progress);
    const warmMs = new Map(measured.cold.functions.filter((fn) => Number.isFinite(fn.medianMs.warm)).map((fn) => [fn.key, fn.medianMs.warm]));
    const perBallot = perBallotTraffic(options.costBallots, counted, warmMs);
    const ours = priceTraffic('this design', perBallot);
    const original = priceTraffic('original experiment', originalDesignTraffic(perBallot, { clientSource: 'evote.events', apiFunction: 'createEvent', countTable: 'elections', auditTable: 'audit' }));
    const result: Omit<BenchResult, 'targets'> = {
      startedAt,
      totalSeconds: (performance.now() - started) / 1000,
      machine: machine(loadAtStart),
      options,
      throughput: measured.throughput,
      coldStart: { bundles: options.package ? 'sls package' : 'local build', ...measured.cold },
      traffic: { ballots: options.costBallots, concurrency: options.concurrency, perBallot, dynamo: counted.dynamo, retriedDeliveries: counted.retried, errorLines: counted.errorLines },
      cost: { prices: PRICES, ours, original, oursOverOriginal: ours.dollarsPerMillionBallots / original.dollarsPerMillionBallots },
    };
    progress.done();
    return { ...result, targets: targets(result) };
  } finally {
    await packaging.running?.catch(() => undefined); // never leave `sls package` writing behind us
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `sls package`, started once nothing is being timed, awaited before anything is. */
interface Packaging {
  start(): Promise<unknown> | undefined;
  running?: Promise<unknown>;
}

async function awaitPackaging(packaging: Packaging, progress: Progress): Promise<void> {
  if (!packaging.running) return;
  progress.step('waiting for sls package');
  await packaging.running;
}

/** What the counted pass saw, in total over its ballots. */
interface Counted {
  functions: { fn: FunctionModel; invocations: number; durationMs: number; logBytes: number }[];
  entries: Record<string, number>;
  chunks: number;
  dynamo: DynamoTraffic;
  /** Deliveries that needed more than one attempt, and the first error lines the functions logged. */
  retried: number;
  errorLines: string[];
}

/** A stack whose functions reach DynamoDB through the counting proxy, for one short counted pass. */
async function countTraffic(options: BenchOptions, generator: WorkloadGenerator, elections: ElectionSeed[], packaging: Packaging, progress: Progress): Promise<Counted> {
  const dynamoPort = await freePort();
  const meter = await DynamoMeter.start(`http://127.0.0.1:${dynamoPort}`);
  const logBytes = new Map<string, number>();
  const errorLines: string[] = [];
  try {
    progress.step('starting the counted stack');
    const stack = await startLocalStack({
      inMemory: true,
      ports: { http: 0, eventBridge: 0, dynamodb: dynamoPort },
      // The bench measures the pipeline, not the stage's rate limit.
      throttle: 'off',
      functionEnvironment: { AWS_ENDPOINT_URL_DYNAMODB: meter.endpoint },
      functionLog: (name, line) => {
        logBytes.set(name, (logBytes.get(name) ?? 0) + Buffer.byteLength(line) + 1);
        if (errorLines.length < 5 && /"level":"error"/.test(line)) errorLines.push(`${name}: ${line.slice(0, 400)}`);
      },
      ...(options.workers ? { workersPerFunction: options.workers } : {}),
    });
    // Packaging is CPU-heavy: it runs from here (counts do not depend on timing) until the fresh stack is seeded.
    packaging.running = packaging.start();
    packaging.running?.catch(() => undefined);
    const { client, db } = documentClientFor(stack);
    try {
      const ballots = generator.ballots(options.costBallots, elections, 'uniform');
      await seedWorkload(db, tablesOf(stack), elections, ballots);
      progress.step('counted pass', ballots.length);
      meter.reset();
      logBytes.clear();
      const hosts = [...stack.functions.values()];
      const before = new Map(hosts.map((host) => [host.bundled.fn.key, host.stats()]));
      const entries: Record<string, number> = {};
      let chunks = 0;
      const stopObserving = stack.bus.observe({
        accepted: (event) => {
          entries[event.source] = (entries[event.source] ?? 0) + 1;
          const size = Buffer.byteLength(event.source) + Buffer.byteLength(event['detail-type']) + Buffer.byteLength(JSON.stringify(event.detail)) + event.resources.reduce((sum, resource) => sum + Buffer.byteLength(resource), 0);
          chunks += Math.max(1, Math.ceil(size / PRICES.eventBridgeChunkBytes));
        },
      });
      const pass = await runPipeline({ stack, onProgress: (done) => progress.advance(done) }, ballots, options.concurrency);
      await stack.bus.idle();
      stopObserving();
      if (pass.failed > 0) throw new Error(`counted pass: ${pass.failed} ballots failed: ${pass.errors.join('; ')}`);
      const retried = stack.bus.deliveries.filter((delivery) => delivery.attempts > 1);
      for (const delivery of retried.slice(0, 5)) errorLines.push(`${delivery.target} retried ${delivery.detailType} (${delivery.attempts} attempts): ${delivery.firstError ?? ''}`);
      const functions = hosts.map((host) => {
        const now = host.stats();
        const then = before.get(host.bundled.fn.key);
        return { fn: host.bundled.fn, invocations: now.invocations - (then?.invocations ?? 0), durationMs: now.durationMs - (then?.durationMs ?? 0), logBytes: logBytes.get(host.name) ?? 0 };
      });
      return { functions, entries, chunks, dynamo: await meter.snapshot(), retried: retried.length, errorLines };
    } finally {
      client.destroy();
      await stack.stop();
    }
  } finally {
    await meter.stop();
  }
}

/** The counted totals per ballot; a function's duration is its warm one from the probes, else the mean seen in the pass. */
function perBallotTraffic(ballots: number, counted: Counted, warmMs: ReadonlyMap<string, number>): BallotTraffic {
  const functions: BallotTraffic['functions'] = {};
  let apiRequests = 0;
  for (const { fn, invocations, durationMs, logBytes } of counted.functions) {
    if (invocations === 0) continue;
    if (fn.http.length > 0) apiRequests += invocations / ballots;
    functions[fn.key] = {
      invocations: invocations / ballots,
      meanMs: warmMs.get(fn.key) ?? durationMs / invocations,
      memoryMb: fn.memorySize,
      architecture: fn.architecture,
      logBytesPerInvocation: logBytes / invocations,
    };
  }
  return {
    api: 'http',
    apiRequests,
    functions,
    eventEntries: Object.fromEntries(Object.entries(counted.entries).map(([source, count]) => [source, count / ballots])),
    eventChunks: counted.chunks / ballots,
    dynamo: Object.fromEntries(Object.entries(counted.dynamo).map(([operation, count]) => [operation, { requests: count.requests / ballots, writeUnits: count.writeUnits / ballots, readUnits: count.readUnits / ballots }])),
  };
}

/** The fresh stack: throughput (uniform, then hot), the tallies, then the cold-start probes pointed at it. */
async function measureOnFreshStack(options: BenchOptions, generator: WorkloadGenerator, elections: ElectionSeed[], workDir: string, packaging: Packaging, progress: Progress): Promise<{ throughput: BenchResult['throughput']; cold: ColdStarts }> {
  const sets = (count: number, spread: VoteSpread) => generator.ballots(count, elections, spread);
  const half = Math.ceil(options.directBallots / 2);
  const hotHalf = Math.ceil(options.hotBallots / 2);
  const ballots = {
    warmPipeline: sets(options.warmupBallots, 'uniform'),
    warmDirect: sets(options.warmupBallots, 'uniform'),
    direct1: sets(half, 'uniform'),
    pipeline: sets(options.ballots, 'uniform'),
    direct2: sets(options.directBallots - half, 'uniform'),
    hotDirect1: sets(hotHalf, 'hot'),
    hotPipeline: sets(options.hotBallots, 'hot'),
    hotDirect2: sets(options.hotBallots - hotHalf, 'hot'),
  };
  progress.step('starting the local stack');
  const stack = await startLocalStack({ inMemory: true, ports: { http: 0, eventBridge: 0, dynamodb: 0 }, throttle: 'off', ...(options.workers ? { workersPerFunction: options.workers } : {}) });
  const { client, db } = documentClientFor(stack);
  let writers: DirectWriters | undefined;
  try {
    const tables = tablesOf(stack);
    const measuredBallots = Object.values(ballots).flat();
    const probeBallots = sets((stack.functions.size + 1) * options.coldRuns * (1 + options.warmEvents), 'uniform');
    progress.step('seeding', measuredBallots.length + probeBallots.length);
    await seedWorkload(db, tables, elections, [...measuredBallots, ...probeBallots]);
    progress.advance(measuredBallots.length + probeBallots.length);
    const bus: BusContext = { region: stack.model.region, account: stack.model.accountId };
    writers = await DirectWriters.start({
      threads: options.workers ?? Math.min(4, os.availableParallelism()),
      buildDir: workDir,
      data: { endpoint: stack.urls.dynamodb, region: stack.model.region, tables, bus, maxSockets: Math.max(50, options.concurrency * 32) },
    });
    await awaitPackaging(packaging, progress);
    const ctx: PhaseContext = { stack, writers, javaPid: findDynamoDbLocalPid(Number(new URL(stack.urls.dynamodb).port)) };
    const phase = async <T>(name: string, total: number, run: (withProgress: PhaseContext) => Promise<T>): Promise<T> => {
      progress.step(name, total);
      return run({ ...ctx, onProgress: (done) => progress.advance(done) });
    };
    const C = options.concurrency;
    await phase('warm-up: pipeline', ballots.warmPipeline.length, (c) => runPipeline(c, ballots.warmPipeline, C));
    await phase('warm-up: direct', ballots.warmDirect.length, (c) => runDirect(c, ballots.warmDirect, C));
    const d1 = await phase('uniform: direct (1/2)', ballots.direct1.length, (c) => runDirect(c, ballots.direct1, C));
    const p = await phase('uniform: pipeline', ballots.pipeline.length, (c) => runPipeline(c, ballots.pipeline, C));
    const d2 = await phase('uniform: direct (2/2)', ballots.direct2.length, (c) => runDirect(c, ballots.direct2, C));
    const h1 = await phase('hot: direct (1/2)', ballots.hotDirect1.length, (c) => runDirect(c, ballots.hotDirect1, C));
    const hp = await phase('hot: pipeline', ballots.hotPipeline.length, (c) => runPipeline(c, ballots.hotPipeline, C));
    const h2 = await phase('hot: direct (2/2)', ballots.hotDirect2.length, (c) => runDirect(c, ballots.hotDirect2, C));
    await stack.bus.idle();
    await writers.stop();
    writers = undefined;
    const processed = measuredBallots.length - [p, d1, d2, hp, h1, h2].reduce((sum, part) => sum + part.failed, 0);
    const counted = await tallyTotal(db, tables.elections, elections);
    const throughput = {
      uniform: comparison(combine([p], C), combine([d1, d2], C)),
      hot: comparison(combine([hp], C), combine([h1, h2], C)),
      tallies: { expected: processed * options.votesPerBallot, counted },
    };
    const cold = await probeColdStarts(options, stack, elections, ballots.pipeline, probeBallots, workDir, progress);
    return { throughput, cold };
  } finally {
    await writers?.stop();
    client.destroy();
    await stack.stop();
  }
}

function comparison(pipeline: PhaseResult, direct: PhaseResult): Comparison {
  return { pipeline, direct, ratio: pipeline.ballotsPerSecond / direct.ballotsPerSecond };
}

/** Every candidate's voteCount, summed: each processed ballot must have added exactly one per vote. */
async function tallyTotal(db: DynamoDBDocumentClient, table: string, elections: readonly ElectionSeed[]): Promise<number> {
  const counts = await Promise.all(
    elections.flatMap((election) =>
      election.candidates.map(async (candidate) => {
        const { Item } = await db.send(new GetCommand({ TableName: table, Key: candidateKey(election.electionId, candidate.candidateId), ConsistentRead: true }));
        return Number(Item?.voteCount ?? 0);
      }),
    ),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

interface ColdStarts {
  functions: ColdStartResult[];
  /** The slowest function again, without `--enable-source-maps` in NODE_OPTIONS: what the flag costs. */
  withoutSourceMaps?: ColdStartResult;
}

async function probeColdStarts(options: BenchOptions, stack: LocalStack, elections: readonly ElectionSeed[], audited: readonly BenchBallot[], fresh: readonly BenchBallot[], workDir: string, progress: Progress): Promise<ColdStarts> {
  const outDir = path.join(workDir, 'cold');
  const bundles = options.package ? bundlesFromPackages(stack.model, outDir) : bundlesFromLocalBuild([...stack.functions.values()].map((host) => host.bundled), outDir);
  const bus: BusContext = { region: stack.model.region, account: stack.model.accountId };
  const pathValues = { electionId: elections[0]?.electionId ?? 'unknown', entityType: 'ballot', entityId: audited[0]?.ballotId ?? 'unknown', ballotId: audited[0]?.ballotId ?? 'unknown', voterId: audited[0]?.voterId ?? 'unknown' };
  let next = 0;
  let done = 0;
  const probe = async (bundle: ColdBundle): Promise<ColdStartResult> => {
    const runs: ColdRun[] = [];
    for (let run = 0; run < options.coldRuns; run++) {
      const events = Array.from({ length: 1 + options.warmEvents }, () => {
        const ballot = fresh[next++] as BenchBallot;
        return probeEvent(bundle.fn, { ballot, facts: ballotFacts(ballot, bus), pathValues });
      });
      runs.push(events.includes(undefined) ? notProbed(bundle.fn.key) : await probeOnce({ bundle, events, clientEnvironment: stack.clientEnvironment, settled: () => stack.bus.idle() }));
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
  return { ok: false, message: `no probe event can be built for ${key}`, bootMs: NaN, loadMs: NaN, handleMs: NaN, warmMs: [], wallMs: NaN, generatedAtLoad: 0, generatedInHandler: 0, maxRssMb: NaN };
}

function machine(loadAtStart: number[]): Machine {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    java: (java.stderr || java.stdout || '').split('\n')[0]?.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: { start: loadAtStart.map((load) => Math.round(load * 100) / 100), end: os.loadavg().map((load) => Math.round(load * 100) / 100) },
  };
}

/** The targets, measured. */
function targets(result: Omit<BenchResult, 'targets'>): Target[] {
  const { uniform, hot } = result.throughput;
  const slowest = [...result.coldStart.functions].sort((a, b) => b.medianMs.loadAndHandle - a.medianMs.loadAndHandle)[0];
  const compiled = result.coldStart.functions.filter((fn) => fn.compilerMarkers.length > 0 || fn.generatedAtLoad > 0);
  const coldFailed = result.coldStart.functions.filter((fn) => fn.failed > 0);
  return [
    { name: 'pipeline/direct throughput, uniform votes', goal: '>= 0.5', measured: uniform.ratio.toFixed(2), met: uniform.ratio >= 0.5 },
    { name: 'pipeline/direct throughput, one hot candidate', goal: '(reported)', measured: hot.ratio.toFixed(2), met: true },
    {
      name: 'cold load + first event, slowest function',
      goal: '< 100 ms',
      measured: slowest ? `${slowest.medianMs.loadAndHandle.toFixed(0)} ms (${slowest.key})` : 'none',
      met: slowest !== undefined && coldFailed.length === 0 && result.coldStart.functions.every((fn) => fn.medianMs.loadAndHandle < 100),
    },
    { name: 'no schema compiled at load time', goal: 'no compiler in any bundle, no code generated', measured: compiled.length ? compiled.map((fn) => fn.key).join(', ') : 'none', met: compiled.length === 0 },
    {
      name: 'cost per million ballots below the original design',
      goal: '< original',
      measured: `$${result.cost.ours.dollarsPerMillionBallots.toFixed(2)} vs $${result.cost.original.dollarsPerMillionBallots.toFixed(2)}`,
      met: result.cost.ours.dollarsPerMillionBallots < result.cost.original.dollarsPerMillionBallots,
    },
    { name: 'every vote counted exactly once', goal: `${result.throughput.tallies.expected}`, measured: `${result.throughput.tallies.counted}`, met: result.throughput.tallies.expected === result.throughput.tallies.counted },
    { name: 'whole run', goal: '< 300 s with the defaults', measured: `${result.totalSeconds.toFixed(0)} s`, met: result.totalSeconds < 300 },
  ];
}
