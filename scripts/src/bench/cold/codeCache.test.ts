import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../local/paths';
import { CODE_CACHE_DEBUG, codeCacheLayout, codeCacheVerdict, layOutCodeCache, WRITE_CODE_CACHE } from './codeCache';
import { lambdaNodeArgs, node22Binary } from './node22';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-code-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('codeCacheLayout', () => {
  it('puts the loader where the handler file was, the bundle and its cache beside it', () => {
    expect(codeCacheLayout('/build/src/handlers/saveVote.js', '/var/task/src/handlers')).toEqual({
      loader: '/var/task/src/handlers/saveVote.js',
      bundle: '/var/task/src/handlers/saveVote.bundle.js',
      cache: '/var/task/src/handlers/saveVote.bundle.js.v8-cache',
    });
  });

  it('refuses a file that is not a .js bundle', () => {
    expect(() => codeCacheLayout('/build/saveVote.mjs', dir)).toThrow(/a bundle is a \.js file/);
  });
});

describe('codeCacheVerdict', () => {
  const file = '/var/task/x.bundle.js';
  it("reads what the loader said about the bundle's cache", () => {
    expect(codeCacheVerdict(`EVOTE_CODE_CACHE 12: cache for ${file} was accepted\n`, file)).toBe('accepted');
    expect(codeCacheVerdict(`EVOTE_CODE_CACHE 12: cache for ${file} was rejected`, file)).toBe('rejected');
    expect(codeCacheVerdict(`EVOTE_CODE_CACHE 12: cache for ${file} is missing`, file)).toBe('missing');
    expect(codeCacheVerdict('EVOTE_CODE_CACHE 12: cache for /other.bundle.js was accepted', file)).toBe('off');
    expect(codeCacheVerdict('', file)).toBe('off');
  });
});

// A bundle whose handler calls functions V8 compiles lazily (on their first call): a cache made
// after the handler ran holds them, a cache made before it did not.
const BUNDLE = [
  '"use strict";',
  ...Array.from(
    { length: 200 },
    (_, index) => `function step${index}(n) { return [n, ${index}].map((x) => x * 2).join(); }`,
  ),
  'function fail() { throw new Error("from the bundle"); }',
  `module.exports.handler = async (event) => event === "fail" ? fail() : [${Array.from({ length: 200 }, (_, index) => `step${index}(event)`).join(', ')}].length;`,
].join('\n');

/** Loads the loader under `node`, optionally calls the handler with `event`, and reports. */
function load(node: string, loader: string, options: { event?: string; write?: boolean; flags?: string[] }) {
  const script = `const { handler } = require(${JSON.stringify(loader)});
    Promise.resolve(${options.event === undefined ? 'null' : `handler(${JSON.stringify(options.event)})`})
      .then((result) => console.log(JSON.stringify(result)), (error) => console.log(error.stack));`;
  return spawnSync(node, [...(options.flags ?? []), '-e', script], {
    env: { PATH: process.env.PATH ?? '', NODE_DEBUG: CODE_CACHE_DEBUG, ...(options.write ? WRITE_CODE_CACHE : {}) },
    encoding: 'utf8',
  });
}

const node22 = process.env.EVOTE_NODE22 ?? node22Binary(path.join(repoRoot(), '.evote', 'node22'), 'linux', 'x64');
const runtimes: [string, string][] = [['this Node', process.execPath]];
if (fs.existsSync(node22)) runtimes.push(['Node 22', node22]);

describe.each(runtimes)('the code cache loader on %s', (_name, node) => {
  let layout: ReturnType<typeof layOutCodeCache>;
  beforeEach(() => {
    fs.writeFileSync(path.join(dir, 'x.js'), BUNDLE);
    layout = layOutCodeCache(path.join(dir, 'x.js'), path.join(dir, 'task'));
  });

  it('runs the bundle without a cache, and writes one at exit when asked', () => {
    const first = load(node, layout.loader, { event: '1', write: true });
    expect(first.stdout.trim()).toBe('200');
    expect(codeCacheVerdict(first.stderr, layout.bundle)).toBe('missing');
    expect(fs.statSync(layout.cache).size).toBeGreaterThan(0);
  });

  it('is accepted for the same bundle and refused once the bundle changed', () => {
    load(node, layout.loader, { event: '1', write: true });
    const cached = load(node, layout.loader, { event: '2' });
    expect(cached.stdout.trim()).toBe('200');
    expect(codeCacheVerdict(cached.stderr, layout.bundle)).toBe('accepted');
    fs.appendFileSync(layout.bundle, '\n// changed\n');
    const changed = load(node, layout.loader, { event: '2' });
    expect(changed.stdout.trim()).toBe('200');
    expect(codeCacheVerdict(changed.stderr, layout.bundle)).toBe('rejected');
  });

  it('is refused for other source of the same length (V8 itself checks only the length)', () => {
    load(node, layout.loader, { event: '1', write: true });
    const source = fs.readFileSync(layout.bundle, 'utf8');
    fs.writeFileSync(layout.bundle, source.replace('x * 2', 'x * 3'));
    const changed = load(node, layout.loader, { event: '1' });
    expect(changed.stdout.trim()).toBe('200');
    expect(codeCacheVerdict(changed.stderr, layout.bundle)).toBe('rejected');
  });

  it('holds the functions an event compiled lazily when made after that event', () => {
    load(node, layout.loader, { write: true });
    const beforeAnyEvent = fs.statSync(layout.cache).size;
    load(node, layout.loader, { event: '1', write: true });
    expect(fs.statSync(layout.cache).size).toBeGreaterThan(beforeAnyEvent * 2);
  });

  it("reports the bundle's own file and line in stack traces", () => {
    const failed = load(node, layout.loader, { event: 'fail' });
    const line = BUNDLE.split('\n').findIndex((text) => text.startsWith('function fail')) + 1;
    expect(failed.stdout).toContain(`at fail (${layout.bundle}:${line}:`);
  });
});

describe('a cache made by another Node version', () => {
  (fs.existsSync(node22) ? it : it.skip)('is refused, and the bundle runs compiled as without one', () => {
    fs.writeFileSync(path.join(dir, 'x.js'), BUNDLE);
    const layout = layOutCodeCache(path.join(dir, 'x.js'), path.join(dir, 'task'));
    load(node22, layout.loader, { event: '1', write: true });
    const other = load(process.execPath, layout.loader, { event: '1' });
    expect(other.stdout.trim()).toBe('200');
    expect(codeCacheVerdict(other.stderr, layout.bundle)).toBe('rejected');
  });
});

describe('a cache made under other V8 flags', () => {
  it("is refused: it must be made with the flags Lambda's runtime starts node with", () => {
    fs.writeFileSync(path.join(dir, 'x.js'), BUNDLE);
    const layout = layOutCodeCache(path.join(dir, 'x.js'), path.join(dir, 'task'));
    const lambdaFlags = lambdaNodeArgs(256);
    load(process.execPath, layout.loader, { event: '1', write: true });
    const onLambda = load(process.execPath, layout.loader, { event: '1', flags: lambdaFlags });
    expect(codeCacheVerdict(onLambda.stderr, layout.bundle)).toBe('rejected');
    load(process.execPath, layout.loader, { event: '1', write: true, flags: lambdaFlags });
    const madeAlike = load(process.execPath, layout.loader, { event: '1', flags: lambdaFlags });
    expect(codeCacheVerdict(madeAlike.stderr, layout.bundle)).toBe('accepted');
  });
});
