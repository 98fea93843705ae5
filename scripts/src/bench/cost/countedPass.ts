/**
 * The counted pass: a stack of its own whose functions reach DynamoDB through the counting proxy
 * (dynamoMeter.ts), a short run of ballots through the pipeline, and everything the cost model
 * needs, in total over those ballots. `sls package` starts here, once the stack is up: it is
 * CPU-heavy, and counts do not depend on timing.
 */
import type { ElectionSeed } from '@evote/elections';
import type { FunctionModel } from '../../local/model/types';
import { freePort } from '../../local/net';
import { startLocalStack } from '../../local/stack';
import type { BenchOptions } from '../options';
import type { Progress } from '../output/progress';
import type { Packaging } from '../packaging';
import { documentClientFor, tablesOf } from '../stack';
import { runPipeline } from '../throughput/phases';
import { seedWorkload, type WorkloadGenerator } from '../workload/workload';
import { eventBridgeChunks } from './cost';
import { DynamoMeter, type DynamoTraffic } from './dynamoMeter';

/** What the counted pass saw, in total over its ballots. */
export interface Counted {
  functions: { fn: FunctionModel; invocations: number; durationMs: number; logBytes: number }[];
  entries: Record<string, number>;
  chunks: number;
  dynamo: DynamoTraffic;
  /** Deliveries that needed more than one attempt, and the first error lines the functions logged. */
  retried: number;
  errorLines: string[];
}

export async function countTraffic(
  options: BenchOptions,
  generator: WorkloadGenerator,
  elections: ElectionSeed[],
  packaging: Packaging,
  progress: Progress,
): Promise<Counted> {
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
          chunks += eventBridgeChunks(event);
        },
      });
      const pass = await runPipeline(
        { stack, onProgress: (done) => progress.advance(done) },
        ballots,
        options.concurrency,
      );
      await stack.bus.idle();
      stopObserving();
      if (pass.failed > 0) throw new Error(`counted pass: ${pass.failed} ballots failed: ${pass.errors.join('; ')}`);
      const retried = stack.bus.deliveries.filter((delivery) => delivery.attempts > 1);
      for (const delivery of retried.slice(0, 5))
        errorLines.push(
          `${delivery.target} retried ${delivery.detailType} (${delivery.attempts} attempts): ${delivery.firstError ?? ''}`,
        );
      const functions = hosts.map((host) => {
        const now = host.stats();
        const then = before.get(host.bundled.fn.key);
        return {
          fn: host.bundled.fn,
          invocations: now.invocations - (then?.invocations ?? 0),
          durationMs: now.durationMs - (then?.durationMs ?? 0),
          logBytes: logBytes.get(host.name) ?? 0,
        };
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
