import path from 'node:path';
import { randomUUID } from 'node:crypto';
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
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  started: number;
}

/** What a function host has done so far (benchmarks read it; nothing depends on it). */
export interface FunctionStats {
  /** Invocations started (each attempt of a delivery is one, as in Lambda). */
  invocations: number;
  /** Invocations that finished, with the sum of their durations (ms, from invoke to reply). */
  completed: number;
  durationMs: number;
  /** Share of time the worker's event loop was busy since it started (0..1). */
  eventLoopUtilization: number;
}

/**
 * Runs one function in its own worker thread, with its own environment (as its own Lambda
 * would have), and invokes it like the Lambda service does: one event, one context.
 */
export class FunctionHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly ready: Promise<void>;
  private readonly counters = { invocations: 0, completed: 0, durationMs: 0 };

  constructor(
    readonly bundled: BundledFunction,
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
      this.worker.once('online', () => resolve());
      this.worker.once('error', reject);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`${fn.name} worker exited with ${code}`)));
  }

  get name(): string {
    return this.bundled.fn.name;
  }

  /** Resolves once the worker runs; rejects if the bundle fails to load. */
  started(): Promise<void> {
    return this.ready;
  }

  stats(): FunctionStats {
    return { ...this.counters, eventLoopUtilization: this.worker.performance.eventLoopUtilization().utilization };
  }

  /** Invokes the function with one event; rejects with a FunctionError if it throws or times out. */
  async invoke(event: unknown): Promise<unknown> {
    await this.ready;
    this.counters.invocations++;
    const id = this.nextId++;
    const timeoutMs = this.bundled.fn.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FunctionError(this.name, 'TimeoutError', `Task timed out after ${this.bundled.fn.timeoutSeconds} seconds`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, started: performance.now() });
      this.worker.postMessage({ id, requestId: randomUUID(), event });
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    this.failAll(new Error(`${this.name} stopped`));
  }

  private settle(message: WorkerReply): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    this.counters.completed++;
    this.counters.durationMs += performance.now() - pending.started;
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new FunctionError(this.name, message.error.name, message.error.message, message.error.code));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}

type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

function splitLines(chunk: Buffer): string[] {
  return chunk.toString().split('\n').filter((line) => line.length > 0);
}
