import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheVerdict, compileCacheKey, makeCompileCache, rekey } from './compileCache';
import { node22Binary } from './node22';
import { repoRoot } from '../../local/paths';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-compile-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('compileCacheKey', () => {
  it("is Node 22's entry name: CRC-32 of the CommonJS kind and the absolute path", () => {
    // Read off Node 22.23.5: the entry it wrote for this path was named c0347ef2.
    expect(compileCacheKey('/tmp/cc/b/src/handlers/auditEvent.js')).toBe('c0347ef2');
    expect(compileCacheKey('/var/task/src/handlers/auditEvent.js')).not.toBe('c0347ef2');
  });

  it('refuses a relative path (Node keys by the absolute one)', () => {
    expect(() => compileCacheKey('src/handlers/auditEvent.js')).toThrow(/absolute paths/);
  });
});

describe('rekey', () => {
  it('renames the entry made at one path to the name looked up at another', () => {
    const versionDir = 'v22.0.0-x64-00000000-0';
    fs.mkdirSync(path.join(dir, versionDir));
    fs.writeFileSync(path.join(dir, versionDir, compileCacheKey('/build/x.js')), 'entry');
    const moved = rekey(dir, versionDir, '/build/x.js', '/var/task/x.js');
    expect(path.basename(moved)).toBe(compileCacheKey('/var/task/x.js'));
    expect(fs.readdirSync(path.join(dir, versionDir))).toEqual([path.basename(moved)]);
  });
});

describe('cacheVerdict', () => {
  const file = '/var/task/src/handlers/x.js';
  it('reads what Node said about the bundle', () => {
    expect(cacheVerdict(`[compile cache] cache for ${file} was accepted, keeping the in-memory entry`, file)).toBe(
      'accepted',
    );
    expect(cacheVerdict(`[compile cache] cache for ${file} was rejected, ...`, file)).toBe('rejected');
    expect(
      cacheVerdict(`[compile cache] reading cache from /c/1 for CommonJS ${file}... no such file or directory`, file),
    ).toBe('missing');
    expect(cacheVerdict('[compile cache] cache for /other.js was accepted', file)).toBe('off');
  });
});

// With Node 22 at hand (installed by the bench on first use, or EVOTE_NODE22), the real thing:
// an entry made at one path and renamed is accepted at the other; changed source is not.
const node22 = process.env.EVOTE_NODE22 ?? node22Binary(path.join(repoRoot(), '.evote', 'node22'), 'linux', 'x64');
const withNode22 = fs.existsSync(node22) ? it : it.skip;

describe('makeCompileCache on Node 22', () => {
  withNode22('makes an entry that Node accepts where the bundle will run, and refuses for other source', () => {
    const source = 'module.exports.handler = async () => [1, 2, 3].map((n) => n * 2);\n'.repeat(50);
    const staged = path.join(dir, 'staging', 'x.js');
    const target = path.join(dir, 'task', 'x.js');
    for (const file of [staged, target]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, source);
    }
    const cache = makeCompileCache(node22, staged, path.join(dir, 'cache'), target);
    expect(cache.bytes).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(cache.dir, cache.versionDir))).toEqual([compileCacheKey(target)]);
    const nodeSays = (file: string) =>
      spawnSync(node22, ['-e', `require(${JSON.stringify(file)})`], {
        env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: cache.dir, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
        encoding: 'utf8',
      }).stderr;
    expect(cacheVerdict(nodeSays(target), target)).toBe('accepted');
    fs.appendFileSync(target, '// changed\n');
    expect(cacheVerdict(nodeSays(target), target)).toBe('missing');
  });
});
