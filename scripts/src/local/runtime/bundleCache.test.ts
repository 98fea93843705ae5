import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { cachedBuild } from './bundleCache';

describe('cachedBuild', () => {
  let dir: string;
  let options: BuildOptions;
  const cacheDir = () => path.join(dir, 'cache');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-bundle-cache-'));
    fs.writeFileSync(path.join(dir, 'answer.ts'), 'export const answer = 41;\n');
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      "import { answer } from './answer';\nexport const value = answer + 1;\n",
    );
    options = {
      entryPoints: [path.join(dir, 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: path.join(dir, 'out', 'main.js'),
      sourcemap: 'linked',
      logLevel: 'silent',
    };
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The bundle's exported value, evaluated as Node would load it (CommonJS). */
  const valueOf = (file: string): number => {
    const module = { exports: {} as { value?: number } };
    new Function('module', 'exports', fs.readFileSync(file, 'utf8'))(module, module.exports);
    return module.exports.value as number;
  };

  it('builds once, then returns the same bundle without building again', async () => {
    const first = await cachedBuild(options, cacheDir());
    expect(valueOf(first)).toBe(42);
    expect(fs.existsSync(`${first}.map`)).toBe(true);
    const builtAt = fs.statSync(first).mtimeMs;
    const second = await cachedBuild(options, cacheDir());
    expect(second).toBe(first);
    expect(fs.statSync(second).mtimeMs).toBe(builtAt);
  });

  it('builds again when an imported file changed, and leaves the older bundle untouched', async () => {
    const first = await cachedBuild(options, cacheDir());
    fs.writeFileSync(path.join(dir, 'answer.ts'), 'export const answer = 99;\n');
    const second = await cachedBuild(options, cacheDir());
    expect(second).not.toBe(first);
    expect(valueOf(second)).toBe(100);
    expect(valueOf(first)).toBe(42);
  });

  it('builds again for other options', async () => {
    const first = await cachedBuild(options, cacheDir());
    const minified = await cachedBuild({ ...options, minify: true }, cacheDir());
    expect(minified).not.toBe(first);
    expect(valueOf(minified)).toBe(42);
  });

  it('lets concurrent identical builds both succeed', async () => {
    const [a, b] = await Promise.all([cachedBuild(options, cacheDir()), cachedBuild(options, cacheDir())]);
    expect(valueOf(a)).toBe(42);
    expect(valueOf(b)).toBe(42);
    const leftovers = fs.readdirSync(path.dirname(path.dirname(a))).filter((name) => name.startsWith('building-'));
    expect(leftovers).toEqual([]);
  });
});
