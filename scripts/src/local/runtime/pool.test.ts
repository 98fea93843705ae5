import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionHost } from './functions';
import type { FunctionModel } from '../model/types';

// A function that waits a little and says which worker thread ran it.
const SOURCE = `
const { threadId } = require('node:worker_threads');
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return threadId;
};
`;

function host(maxWorkers: number): FunctionHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-pool-'));
  const file = path.join(dir, 'fn.js');
  fs.writeFileSync(file, SOURCE);
  const fn: FunctionModel = { service: 'test', key: 'pooled', name: 'test-pooled', handlerModule: file, handlerExport: 'handler', environment: {}, timeoutSeconds: 10, memorySize: 256, architecture: 'arm64', http: [], rules: [] };
  return new FunctionHost({ fn, file }, { baseEnvironment: {}, region: 'us-east-1', accountId: '0', onLog: () => undefined, maxWorkers });
}

async function burst(h: FunctionHost, count: number): Promise<Set<unknown>> {
  await h.started();
  const threads = new Set<unknown>();
  // Waves of invocations: the first fills the first worker, which starts a second one.
  for (let wave = 0; wave < 4; wave++) {
    for (const thread of await Promise.all(Array.from({ length: count }, () => h.invoke({ ms: 100 })))) threads.add(thread);
  }
  return threads;
}

describe('function host pool', () => {
  it('grows to maxWorkers when every worker is busy, and spreads invocations over them', async () => {
    const h = host(2);
    try {
      const threads = await burst(h, 12);
      expect(threads.size).toBe(2);
      expect(h.stats()).toMatchObject({ workers: 2, invocations: 48, completed: 48 });
      expect(h.stats().eventLoopUtilization.active).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });

  it('keeps one worker when maxWorkers is 1, and when the load is light', async () => {
    const single = host(1);
    const light = host(4);
    try {
      expect((await burst(single, 12)).size).toBe(1);
      expect((await burst(light, 2)).size).toBe(1);
      expect(light.stats().workers).toBe(1);
    } finally {
      await single.stop();
      await light.stop();
    }
  });
});
