/**
 * A V8 compile cache for a function's bundle, made the way a package step would ship it: Node 22
 * loads the bundle once with `NODE_COMPILE_CACHE` pointing at a folder, and that folder goes into
 * the package beside the bundle. At a cold start the function's `NODE_COMPILE_CACHE` names the
 * shipped folder and V8 deserialises the bundle's code instead of compiling it.
 *
 * What Node 22 keys an entry by (read from its behaviour, checked by compileCache.test.ts and by
 * every probe, which reports whether the cache was accepted):
 * - the folder holds one subfolder per Node version, architecture and V8 flag set
 *   (`v22.23.5-x64-9ac5647c-0`): a cache made by another Node version or architecture is
 *   simply not found, and the bundle is compiled as if there were none;
 * - inside it, an entry's file name is the CRC-32 of the module kind (0: CommonJS) followed by
 *   the module's ABSOLUTE path; the entry also records a hash of the source, so a cache for
 *   other source is rejected, never misused.
 * The path in the key is why an entry is made wherever the bundle happens to be and then renamed
 * for where it will run (`/var/task/...` on Lambda): `rekey` does that.
 *
 * A read-only folder (Lambda's /var/task) is fine: Node reads the entries, and its attempt to
 * write new ones at exit fails quietly (Lambda never lets the process exit normally anyway).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** Node's module kind for CommonJS in the key. */
const COMMON_JS = 0;

/** The entry name Node 22 gives the CommonJS module at `absolutePath`. */
export function compileCacheKey(absolutePath: string): string {
  if (!path.isAbsolute(absolutePath))
    throw new Error(`compile cache keys are made from absolute paths: ${absolutePath}`);
  const key = crc32(Buffer.concat([Buffer.from([COMMON_JS]), Buffer.from(absolutePath)]));
  return key.toString(16).padStart(8, '0');
}

export interface CompileCache {
  /** The folder to name in NODE_COMPILE_CACHE. */
  dir: string;
  /** Its one subfolder, named for the Node version, architecture and V8 flags that made it. */
  versionDir: string;
  /** Size of the bundle's entry (what the package grows by). */
  bytes: number;
}

/**
 * Loads `bundle` once under `node` (a Node 22) with the compile cache on, into `dir`, and names
 * the entry for `runAt` (where the bundle will run; default: where it is). Loading runs the
 * bundle's top level only: handlers build their clients on the first event (lazyHandler), so
 * nothing is read from the environment and nothing is sent anywhere.
 */
export function makeCompileCache(node: string, bundle: string, dir: string, runAt: string = bundle): CompileCache {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(node, ['-e', `require(${JSON.stringify(bundle)})`], {
    env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: dir, AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 60_000,
  });
  const [versionDir, ...others] = fs.readdirSync(dir);
  if (!versionDir || others.length > 0) throw new Error(`${node} left ${others.length + 1} cache folders in ${dir}`);
  const made = path.join(dir, versionDir, compileCacheKey(bundle));
  if (!fs.existsSync(made)) throw new Error(`${node} wrote no compile cache entry for ${bundle} into ${dir}`);
  for (const entry of fs.readdirSync(path.join(dir, versionDir)))
    if (entry !== path.basename(made)) fs.rmSync(path.join(dir, versionDir, entry)); // only the bundle ships
  return { dir, versionDir, bytes: fs.statSync(rekey(dir, versionDir, bundle, runAt)).size };
}

/** Renames the entry made for the module at `from` to the name Node looks up for `to`; returns its path. */
export function rekey(dir: string, versionDir: string, from: string, to: string): string {
  const source = path.join(dir, versionDir, compileCacheKey(from));
  const target = path.join(dir, versionDir, compileCacheKey(to));
  if (source !== target) fs.renameSync(source, target);
  return target;
}

/**
 * What Node said about a module's cache, from its NODE_DEBUG_NATIVE=COMPILE_CACHE lines: a
 * probe runs with them on and reports whether the bundle's code came from the cache.
 */
export function cacheVerdict(debugText: string, file: string): 'accepted' | 'rejected' | 'missing' | 'off' {
  const lines = debugText.split('\n').filter((line) => line.startsWith('[compile cache]') && line.includes(file));
  if (lines.length === 0) return 'off';
  if (lines.some((line) => line.includes(`cache for ${file} was accepted`))) return 'accepted';
  if (lines.some((line) => line.includes(`cache for ${file} was rejected`))) return 'rejected';
  return 'missing';
}
