import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionHost } from './functions';
import type { FunctionModel } from '../model/types';

// A function that sleeps and reports how many invocations of it were running at once.
const SOURCE = `
let running = 0;
exports.handler = async (event) => {
  running++;
  const seen = running;
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  running--;
  return { seen, env: process.env.GREETING };
};
`;

function host(concurrency: number, timeoutSeconds: number): FunctionHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-fn-'));
  const file = path.join(dir, 'fn.js');
  fs.writeFileSync(file, SOURCE);
  const fn: FunctionModel = { service: 'test', key: 'sleepy', name: 'test-sleepy', handlerModule: file, handlerExport: 'handler', environment: { GREETING: 'hello' }, timeoutSeconds, memorySize: 256, architecture: 'arm64', http: [], rules: [] };
  return new FunctionHost({ fn, file }, { baseEnvironment: {}, region: 'us-east-1', accountId: '0', onLog: () => undefined, concurrency });
}

describe('function host', () => {
  it('runs at most `concurrency` invocations at once, in the function environment', async () => {
    const h = host(3, 10);
    try {
      const results = (await Promise.all(Array.from({ length: 12 }, () => h.invoke({ ms: 30 })))) as { seen: number; env: string }[];
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
