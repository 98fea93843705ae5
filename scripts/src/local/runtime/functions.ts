/**
 * The local Lambda runtime: a host per function with its concurrency limit and a pool of worker
 * threads, one execution environment each. Over 250 lines because the host and its private
 * worker class (the thread, its timeouts and log lines) are one mechanism no caller sees apart.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { BundledFunction } from './bundle';

/** An error a function threw, carried back from its worker. */
export class FunctionError extends Error {
  override name = 'FunctionError';
  constructor(
    readonly functionName: string,
    readonly errorName: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface FunctionHostOptions {
  /** Environment every function gets besides its own (endpoints, region, credentials). */
  baseEnvironment: Record<string, string>;
  region: string;
  accountId: string;
  /** Receives each line a function writes to stdout/stderr. */
  onLog: (functionName: string, line: string) => void;
  /** Most worker threads (concurrent environments) the function may use; default 1. */
  maxWorkers?: number;
  /** At most this many invocations run at once; the rest wait, before their timeout clock starts. */
  concurrency?: number;
}

/**
 * Lambda runs at most so many invocations of a function at once and queues the asynchronous
 * invocations (EventBridge's) beyond that with no timeout clock running. Starting every
 * invocation at once would instead let a burst time out while waiting for DynamoDB Local, and
 * the retries, which re-publish events, would feed the burst (a retry storm AWS would not see).
 */
export const DEFAULT_FUNCTION_CONCURRENCY = 25;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** What a function host has done so far (benchmarks read it; nothing depends on it). */
export interface FunctionStats {
  /** Invocations started (each attempt of a delivery is one, as in Lambda). */
  invocations: number;
  /** Invocations that finished, with the sum of their durations (ms, from invoke to reply). */
  completed: number;
  durationMs: number;
  /** Worker threads running the function now (its concurrent "execution environments"). */
  workers: number;
  /** Event-loop time of all its workers since each started: `active`/`idle` ms summed, `utilization` their mean. */
  eventLoopUtilization: EventLoopUtilization;
}

/** A worker takes new invocations alone until this many are in flight on every worker; then the pool grows. */
const SCALE_AT_IN_FLIGHT = 4;

/**
 * Runs one function the way Lambda does: each worker thread is one execution environment with
 * the function's own environment, invoked with one event and one context at a time per call.
 * Under load the pool grows, up to `maxWorkers`, as Lambda adds concurrent environments: a new
 * worker is started when every worker already has several invocations in flight (and, like a
 * new environment, it loads the bundle first). Invocations go to the least busy worker.
 */
export class FunctionHost {
  private readonly workers: FunctionWorker[] = [];
  private readonly maxWorkers: number;
  private readonly counters = { invocations: 0, completed: 0, durationMs: 0 };
  private readonly concurrency: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly bundled: BundledFunction,
    private readonly options: FunctionHostOptions,
  ) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 1);
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_FUNCTION_CONCURRENCY);
    this.workers.push(this.startWorker());
  }

  get name(): string {
    return this.bundled.fn.name;
  }

  /** Resolves once the first worker runs; rejects if the bundle fails to load. */
  started(): Promise<void> {
    return (this.workers[0] as FunctionWorker).ready;
  }

  stats(): FunctionStats {
    const loops = this.workers.map((worker) => worker.eventLoopUtilization());
    const active = loops.reduce((sum, loop) => sum + loop.active, 0);
    const idle = loops.reduce((sum, loop) => sum + loop.idle, 0);
    return {
      ...this.counters,
      workers: this.workers.length,
      eventLoopUtilization: { active, idle, utilization: active + idle > 0 ? active / (active + idle) : 0 },
    };
  }

  /** Invokes the function with one event; rejects with a FunctionError if it throws or times out. */
  async invoke(event: unknown): Promise<unknown> {
    if (this.running < this.concurrency) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await this.invokeNow(event);
    } finally {
      // Hand the slot straight to the next waiting invocation, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async invokeNow(event: unknown): Promise<unknown> {
    const worker = this.pick();
    this.counters.invocations++;
    const started = performance.now();
    try {
      return await worker.invoke(event);
    } finally {
      this.counters.completed++;
      this.counters.durationMs += performance.now() - started;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }

  /** The least busy worker that is running; a new one when all are busy and the pool may grow. */
  private pick(): FunctionWorker {
    const running = this.workers.filter((worker) => worker.online);
    const candidates = running.length > 0 ? running : this.workers;
    const least = candidates.reduce((best, worker) => (worker.inFlight < best.inFlight ? worker : best));
    const starting = this.workers.length - running.length;
    if (least.inFlight >= SCALE_AT_IN_FLIGHT && starting === 0 && this.workers.length < this.maxWorkers) {
      const added = this.startWorker();
      added.ready.catch(() => undefined); // a failing bundle already failed the first worker
      this.workers.push(added);
    }
    return least;
  }

  private startWorker(): FunctionWorker {
    return new FunctionWorker(this.bundled, this.options);
  }
}

/** One worker thread running the function's bundle. */
class FunctionWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<void>;
  online = false;

  constructor(
    private readonly bundled: BundledFunction,
    options: FunctionHostOptions,
  ) {
    const { fn } = bundled;
    this.worker = new Worker(path.join(__dirname, 'worker-bootstrap.js'), {
      env: { ...options.baseEnvironment, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name },
      execArgv: ['--enable-source-maps'],
      stdout: true,
      stderr: true,
      workerData: {
        file: bundled.file,
        handlerExport: fn.handlerExport,
        functionName: fn.name,
        functionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${fn.name}`,
        timeoutMs: fn.timeoutSeconds * 1000,
      },
    });
    this.worker.stdout.on('data', (chunk: Buffer) => splitLines(chunk).forEach((line) => options.onLog(fn.name, line)));
    this.worker.stderr.on('data', (chunk: Buffer) => splitLines(chunk).forEach((line) => options.onLog(fn.name, line)));
    this.worker.on('message', (message: WorkerReply) => this.settle(message));
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('online', () => {
        this.online = true;
        resolve();
      });
      this.worker.once('error', reject);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`${fn.name} worker exited with ${code}`)));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  eventLoopUtilization(): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization();
  }

  invoke(event: unknown): Promise<unknown> {
    const { fn } = this.bundled;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FunctionError(fn.name, 'TimeoutError', `Task timed out after ${fn.timeoutSeconds} seconds`));
      }, fn.timeoutSeconds * 1000);
      this.pending.set(id, { resolve, reject, timer });
      // Counted in flight at once (so the pool sees it), sent once the worker runs.
      this.ready.then(
        () => this.worker.postMessage({ id, requestId: randomUUID(), event }),
        (error: Error) => this.fail(id, error),
      );
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    this.failAll(new Error(`${this.bundled.fn.name} stopped`));
  }

  private settle(message: WorkerReply): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.result);
    else
      pending.reject(
        new FunctionError(this.bundled.fn.name, message.error.name, message.error.message, message.error.code),
      );
  }

  private fail(id: number, error: Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  private failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }
}

type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

function splitLines(chunk: Buffer): string[] {
  return chunk
    .toString()
    .split('\n')
    .filter((line) => line.length > 0);
}
