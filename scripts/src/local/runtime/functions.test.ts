import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionHost } from './functions';
import type { FunctionModel } from '../model/types';

// A function that sleeps and reports how many invocations of it were running at once.
const SLEEPY_SOURCE = `
let running = 0;
exports.handler = async (event) => {
  running++;
  const seen = running;
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  running--;
  return { seen, env: process.env.GREETING };
};
`;

// A function that waits a little and says which worker thread ran it.
const THREAD_SOURCE = `
const { threadId } = require('node:worker_threads');
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return threadId;
};
`;

function functionFile(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-fn-'));
  const file = path.join(dir, 'fn.js');
  fs.writeFileSync(file, source);
  return file;
}

function host(concurrency: number, timeoutSeconds: number): FunctionHost {
  const file = functionFile(SLEEPY_SOURCE);
  const fn: FunctionModel = {
    service: 'test',
    key: 'sleepy',
    name: 'test-sleepy',
    handlerModule: file,
    handlerExport: 'handler',
    environment: { GREETING: 'hello' },
    timeoutSeconds,
    memorySize: 256,
    architecture: 'arm64',
    http: [],
    rules: [],
  };
  return new FunctionHost(
    { fn, file },
    { baseEnvironment: {}, region: 'us-east-1', accountId: '0', onLog: () => undefined, concurrency },
  );
}

function pooledHost(maxWorkers: number): FunctionHost {
  const file = functionFile(THREAD_SOURCE);
  const fn: FunctionModel = {
    service: 'test',
    key: 'pooled',
    name: 'test-pooled',
    handlerModule: file,
    handlerExport: 'handler',
    environment: {},
    timeoutSeconds: 10,
    memorySize: 256,
    architecture: 'arm64',
    http: [],
    rules: [],
  };
  return new FunctionHost(
    { fn, file },
    { baseEnvironment: {}, region: 'us-east-1', accountId: '0', onLog: () => undefined, maxWorkers },
  );
}

/** The worker threads that ran four waves of `count` invocations. */
async function threadsOfBurst(h: FunctionHost, count: number): Promise<Set<unknown>> {
  await h.started();
  const threads = new Set<unknown>();
  // Waves of invocations: the first fills the first worker, which starts a second one.
  for (let wave = 0; wave < 4; wave++) {
    for (const thread of await Promise.all(Array.from({ length: count }, () => h.invoke({ ms: 100 }))))
      threads.add(thread);
  }
  return threads;
}

describe('function host', () => {
  it('runs at most `concurrency` invocations at once, in the function environment', async () => {
    const h = host(3, 10);
    try {
      const results = (await Promise.all(Array.from({ length: 12 }, () => h.invoke({ ms: 30 })))) as {
        seen: number;
        env: string;
      }[];
      expect(Math.max(...results.map((result) => result.seen))).toBe(3);
      expect(new Set(results.map((result) => result.env))).toEqual(new Set(['hello']));
    } finally {
      await h.stop();
    }
  });

  it('starts the timeout clock when an invocation runs, not while it waits for a slot', async () => {
    const h = host(1, 1);
    try {
      await expect(Promise.all(Array.from({ length: 4 }, () => h.invoke({ ms: 400 })))).resolves.toHaveLength(4);
      await expect(h.invoke({ ms: 1500 })).rejects.toThrow(/timed out after 1 seconds/);
    } finally {
      await h.stop();
    }
  });
});

describe('function host worker pool', () => {
  it('grows to maxWorkers when every worker is busy, and spreads invocations over them', async () => {
    const h = pooledHost(2);
    try {
      const threads = await threadsOfBurst(h, 12);
      expect(threads.size).toBe(2);
      expect(h.stats()).toMatchObject({ workers: 2, invocations: 48, completed: 48 });
      expect(h.stats().eventLoopUtilization.active).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });

  it('keeps one worker when maxWorkers is 1, and when the load is light', async () => {
    const single = pooledHost(1);
    const light = pooledHost(4);
    try {
      expect((await threadsOfBurst(single, 12)).size).toBe(1);
      expect((await threadsOfBurst(light, 2)).size).toBe(1);
      expect(light.stats().workers).toBe(1);
    } finally {
      await single.stop();
      await light.stop();
    }
  });
});
