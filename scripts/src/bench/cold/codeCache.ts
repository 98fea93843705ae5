/**
 * A V8 code cache for a function's bundle that includes the functions its first event compiles,
 * made the way a package step would ship it (codeCacheLoader.js says how it is loaded):
 *
 *   <dir>/<name>.js                      the loader, the file Lambda's `handler` names
 *   <dir>/<name>.bundle.js               the bundle, unchanged
 *   <dir>/<name>.bundle.js.v8-cache      made by running one event through the loader on the
 *                                        exact Node version (and architecture) that will run it
 *
 * The cache is only good for the Node version that made it (V8 refuses any other, and the bundle
 * is then compiled as without one), so the Node that makes it must be the one that runs it.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The loader, copied beside each bundle as the handler file. */
export const CODE_CACHE_LOADER = path.join(__dirname, 'codeCacheLoader.js');

/** The environment variable that makes the loader write its cache at exit. */
export const WRITE_CODE_CACHE = { EVOTE_CODE_CACHE_WRITE: 'true' } as const;

/** The debuglog section the loader reports to (NODE_DEBUG=evote_code_cache). */
export const CODE_CACHE_DEBUG = 'evote_code_cache';

export interface CodeCacheLayout {
  /** The handler file to require (the loader). */
  loader: string;
  bundle: string;
  cache: string;
}

/** Where the loader, bundle and cache of `bundleFile` go when laid out in `dir`. */
export function codeCacheLayout(bundleFile: string, dir: string): CodeCacheLayout {
  const name = path.basename(bundleFile, '.js');
  if (name === path.basename(bundleFile)) throw new Error(`a bundle is a .js file: ${bundleFile}`);
  const bundle = path.join(dir, `${name}.bundle.js`);
  return { loader: path.join(dir, `${name}.js`), bundle, cache: `${bundle}.v8-cache` };
}

/** Copies the loader and the bundle (with its source map) into `dir`, without a cache yet. */
export function layOutCodeCache(bundleFile: string, dir: string): CodeCacheLayout {
  const layout = codeCacheLayout(bundleFile, dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(CODE_CACHE_LOADER, layout.loader);
  fs.copyFileSync(bundleFile, layout.bundle);
  if (fs.existsSync(`${bundleFile}.map`)) fs.copyFileSync(`${bundleFile}.map`, `${layout.loader}.map`);
  fs.rmSync(layout.cache, { force: true });
  return layout;
}

/** Size of the cache a warm-up run left; throws when it left none. */
export function codeCacheBytes(layout: CodeCacheLayout): number {
  if (!fs.existsSync(layout.cache)) throw new Error(`the warm-up run wrote no code cache (${layout.cache})`);
  return fs.statSync(layout.cache).size;
}

/** What the loader said about the bundle's cache, from its NODE_DEBUG=evote_code_cache lines. */
export function codeCacheVerdict(debugText: string, bundleFile: string): 'accepted' | 'rejected' | 'missing' | 'off' {
  const said = debugText
    .split('\n')
    .filter((line) => line.startsWith('EVOTE_CODE_CACHE ') && line.includes(`cache for ${bundleFile} `));
  if (said.some((line) => line.endsWith(' was accepted'))) return 'accepted';
  if (said.some((line) => line.endsWith(' was rejected'))) return 'rejected';
  if (said.some((line) => line.endsWith(' is missing'))) return 'missing';
  return 'off';
}
