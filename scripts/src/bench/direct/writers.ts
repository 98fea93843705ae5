/**
 * The direct writers: a few worker threads (writerThread.ts) that write ballots straight to
 * DynamoDB (writeBallot.ts), the ceiling the pipeline is measured against. Threads, not the
 * main thread, so the ceiling is set by DynamoDB Local and the machine, not by one JavaScript
 * thread running the SDK (the pipeline spreads the same SDK work over its functions' workers).
 * As many threads as the local stack allows each function.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { build } from 'esbuild';
import type { BenchBallot } from '../workload/workload';
import type { DirectWriterData, DirectWriterReply } from './writerThread';

interface Waiting {
  resolve(ms: number): void;
  reject(error: Error): void;
}

class DirectWriter {
  readonly waiting = new Map<number, Waiting>();
  constructor(readonly worker: Worker) {
    worker.on('message', (reply: DirectWriterReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.ms);
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.failAll(error));
  }

  failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

export class DirectWriters {
  private nextId = 1;

  private constructor(private readonly writers: DirectWriter[]) {}

  /** Bundles the worker entry into `buildDir` and starts `threads` writers. */
  static async start(options: { threads: number; buildDir: string; data: DirectWriterData }): Promise<DirectWriters> {
    const outfile = path.join(options.buildDir, 'direct-writer.js');
    await build({
      entryPoints: [path.join(__dirname, 'writerThread.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
    });
    const writers = Array.from(
      { length: Math.max(1, options.threads) },
      () =>
        new DirectWriter(
          new Worker(outfile, {
            workerData: options.data,
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          }),
        ),
    );
    await Promise.all(
      writers.map(
        (writer) => new Promise((resolve, reject) => writer.worker.once('online', resolve).once('error', reject)),
      ),
    );
    return new DirectWriters(writers);
  }

  get threads(): number {
    return this.writers.length;
  }

  /** Writes one ballot on the least busy thread; resolves with the milliseconds it took there. */
  write(ballot: BenchBallot): Promise<number> {
    const writer = this.writers.reduce((best, candidate) =>
      candidate.waiting.size < best.waiting.size ? candidate : best,
    );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      writer.waiting.set(id, { resolve, reject });
      writer.worker.postMessage({ id, ballot });
    });
  }

  /** Event-loop time of the writer threads, summed. */
  eventLoopUtilization(): EventLoopUtilization {
    const loops = this.writers.map((writer) => writer.worker.performance.eventLoopUtilization());
    const active = loops.reduce((sum, loop) => sum + loop.active, 0);
    const idle = loops.reduce((sum, loop) => sum + loop.idle, 0);
    return { active, idle, utilization: active + idle > 0 ? active / (active + idle) : 0 };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.writers.map(async (writer) => {
        await writer.worker.terminate();
        writer.failAll(new Error('direct writer stopped'));
      }),
    );
  }
}
