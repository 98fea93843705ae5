/**
 * The measured phases. Each is a closed loop at a given concurrency: a slot submits a ballot and
 * takes the next one when this one is completely done.
 *
 * - pipeline: POST /events over HTTP; done = counted, saved and audited (BallotTracker);
 * - direct: the same ballot's DynamoDB writes, straight to DynamoDB Local (DirectWriters).
 *
 * A phase may be run in parts (the direct phase is split around the pipeline, A-B-A, so both
 * see the same machine on average); `combine` sums the parts.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { LocalStack } from '../../local/stack';
import { closedLoop } from './closedLoop';
import type { DirectWriters } from '../direct/writers';
import { ResourceMeter, type ResourceUsage } from './resources';
import { percentiles, type Percentiles } from './stats';
import { BallotTracker } from './tracker';
import { ballotRequest, type BenchBallot } from '../workload/workload';

/** One run of a phase: what was done, how long it took, the latency samples and the resources used. */
export interface Measured {
  ballots: number;
  failed: number;
  errors: string[];
  seconds: number;
  samples: Record<string, number[]>;
  resources: ResourceUsage;
}

export interface PhaseResult {
  ballots: number;
  concurrency: number;
  seconds: number;
  ballotsPerSecond: number;
  /** Ballots that failed (should be 0), with the first few reasons. */
  failed: number;
  errors: string[];
  /**
   * Latency percentiles (ms). Pipeline: from the start of the POST to its 202 (`accepted`), to
   * the last count (`counted`), to the last audit item (`audited`). Direct: first write to last
   * acknowledgement (`written`).
   */
  latencyMs: Record<string, Percentiles>;
  resources: ResourceUsage;
  /** CPU milliseconds per ballot: this process (stack + load generator) and DynamoDB Local. */
  cpuMsPerBallot: { node: number; java?: number };
}

export interface PhaseContext {
  stack: LocalStack;
  /** Needed by the direct phase only. */
  writers?: DirectWriters;
  javaPid?: number;
  onProgress?: (done: number) => void;
}

const MAX_ERRORS = 5;

export async function runPipeline(
  ctx: PhaseContext,
  ballots: readonly BenchBallot[],
  concurrency: number,
): Promise<Measured> {
  const tracker = new BallotTracker(ctx.stack.bus);
  const url = `${ctx.stack.urls.http}/events`;
  const samples = { accepted: [] as number[], counted: [] as number[], audited: [] as number[] };
  // Each voter signs in before the clock starts: a client holds its token, it does not mint one per ballot.
  const authorization = await voterTokens(ctx.stack, ballots);
  try {
    return await measure(ctx, ballots, concurrency, samples, async (ballot) => {
      const started = performance.now();
      const done = tracker.track(ballot.ballotId, ballot.votes.length);
      done.catch(() => undefined); // awaited below; a failed POST must not leave it unhandled
      const headers = {
        'content-type': 'application/json',
        authorization: authorization.get(ballot.voterId) as string,
      };
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(ballotRequest(ballot)) });
      const accepted = performance.now() - started;
      await response.arrayBuffer();
      if (response.status !== 202)
        throw new Error(`POST /events answered ${response.status} for ballot ${ballot.ballotId}`);
      const times = await done;
      samples.accepted.push(accepted);
      samples.counted.push(times.countedAt - started);
      samples.audited.push(times.auditedAt - started);
    });
  } finally {
    tracker.stop();
  }
}

/** The Authorization header of each ballot's voter, from the stack's issuer. */
async function voterTokens(stack: LocalStack, ballots: readonly BenchBallot[]): Promise<Map<string, string>> {
  const voterIds = [...new Set(ballots.map((ballot) => ballot.voterId))];
  const tokens = await Promise.all(
    voterIds.map(async (voterId) => [voterId, `Bearer ${await stack.tokens.voter(voterId)}`] as const),
  );
  return new Map(tokens);
}

export async function runDirect(
  ctx: PhaseContext,
  ballots: readonly BenchBallot[],
  concurrency: number,
): Promise<Measured> {
  const { writers } = ctx;
  if (!writers) throw new Error('the direct phase needs the direct writers');
  const samples = { written: [] as number[] };
  return measure(ctx, ballots, concurrency, samples, async (ballot) => {
    samples.written.push(await writers.write(ballot));
  });
}

async function measure(
  ctx: PhaseContext,
  ballots: readonly BenchBallot[],
  concurrency: number,
  samples: Record<string, number[]>,
  task: (ballot: BenchBallot) => Promise<void>,
): Promise<Measured> {
  const loops: Record<string, () => EventLoopUtilization> = {};
  if (ctx.writers) loops.directWriters = () => (ctx.writers as DirectWriters).eventLoopUtilization();
  for (const host of ctx.stack.functions.values()) loops[host.bundled.fn.key] = () => host.stats().eventLoopUtilization;
  const meter = new ResourceMeter(loops, ctx.javaPid).start();
  const errors: string[] = [];
  let failed = 0;
  const started = performance.now();
  await closedLoop(
    ballots,
    concurrency,
    async (ballot) => {
      try {
        await task(ballot);
      } catch (error) {
        failed++;
        if (errors.length < MAX_ERRORS) errors.push((error as Error).message);
      }
    },
    ctx.onProgress,
  );
  const seconds = (performance.now() - started) / 1000;
  return { ballots: ballots.length, failed, errors, seconds, samples, resources: meter.stop() };
}

/** One result from the parts of a phase. */
export function combine(parts: readonly Measured[], concurrency: number): PhaseResult {
  const total = (pick: (part: Measured) => number) => parts.reduce((sum, part) => sum + pick(part), 0);
  const ballots = total((part) => part.ballots);
  const failed = total((part) => part.failed);
  const seconds = total((part) => part.seconds);
  const resources = combineResources(parts.map((part) => part.resources));
  const names = [...new Set(parts.flatMap((part) => Object.keys(part.samples)))];
  const latencyMs = Object.fromEntries(
    names.map((name) => [name, percentiles(parts.flatMap((part) => part.samples[name] ?? []))]),
  );
  const perBallot = (cpuSeconds: number) => (cpuSeconds * 1000) / Math.max(1, ballots);
  return {
    ballots,
    concurrency,
    seconds,
    ballotsPerSecond: (ballots - failed) / seconds,
    failed,
    errors: parts.flatMap((part) => part.errors).slice(0, MAX_ERRORS),
    latencyMs,
    resources,
    cpuMsPerBallot: {
      node: perBallot(resources.cpuSeconds.node),
      ...(resources.cpuSeconds.java === undefined ? {} : { java: perBallot(resources.cpuSeconds.java) }),
    },
  };
}

function combineResources(parts: readonly ResourceUsage[]): ResourceUsage {
  const wallSeconds = parts.reduce((sum, part) => sum + part.wallSeconds, 0);
  const cpu = (pick: (part: ResourceUsage) => number | undefined) => {
    const values = parts.map(pick);
    return values.some((value) => value === undefined)
      ? undefined
      : values.reduce((sum: number, value) => sum + (value as number), 0);
  };
  const node = cpu((part) => part.cpuSeconds.node) as number;
  const java = cpu((part) => part.cpuSeconds.java);
  const peakJava = parts.some((part) => part.peakRssMb.java === undefined)
    ? undefined
    : Math.max(...parts.map((part) => part.peakRssMb.java as number));
  const weighted = (pick: (part: ResourceUsage) => number) =>
    parts.reduce((sum, part) => sum + pick(part) * part.wallSeconds, 0) / wallSeconds;
  const workerNames = [...new Set(parts.flatMap((part) => Object.keys(part.busyThreads.workers)))];
  return {
    wallSeconds,
    cpuSeconds: { node, ...(java === undefined ? {} : { java }) },
    cores: { node: node / wallSeconds, ...(java === undefined ? {} : { java: java / wallSeconds }) },
    peakRssMb: {
      node: Math.max(...parts.map((part) => part.peakRssMb.node)),
      ...(peakJava === undefined ? {} : { java: peakJava }),
    },
    busyThreads: {
      main: weighted((part) => part.busyThreads.main),
      workers: Object.fromEntries(
        workerNames.map((name) => [name, weighted((part) => part.busyThreads.workers[name] ?? 0)]),
      ),
    },
  };
}
