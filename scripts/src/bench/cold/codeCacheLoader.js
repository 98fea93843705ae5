// A function's handler file when its package ships a V8 code cache: it loads the real bundle,
// `<name>.bundle.js` beside it, as Node would load a CommonJS module, but through `vm.Script`
// with the cache (`<name>.bundle.js.v8-cache`), so V8 deserialises code instead of compiling it.
//
// Why not Node's own compile cache (NODE_COMPILE_CACHE): Node makes that right after compiling,
// so it holds only what V8 compiles eagerly. This cache is made after the function has handled
// an event (`script.createCachedData()` at exit, when EVOTE_CODE_CACHE_WRITE is set), so it also
// holds every function that first event compiled lazily: the AWS SDK's first-call path.
//
// V8 checks the cache against its own version and flags and the source's length, and refuses one
// that does not match (`cachedDataRejected`); the loader also checks a digest of the source. A
// refused cache costs nothing but the gain: the bundle is compiled as without one. Plain
// JavaScript, no dependencies: it is copied into the package as is.
/* global __filename */
'use strict';

const { Buffer } = require('node:buffer');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const debug = require('node:util').debuglog('evote_code_cache');

const bundleFile = path.join(__dirname, `${path.basename(__filename, '.js')}.bundle.js`);
const cacheFile = `${bundleFile}.v8-cache`;

// V8 checks a cache against the source's length only, so the file starts with the SHA-1 of the
// source it was made for: a cache for other source of the same length is refused here.
const DIGEST_BYTES = 20;

function readCache() {
  try {
    return fs.readFileSync(cacheFile);
  } catch (error) {
    if (error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const bytes = fs.readFileSync(bundleFile);
const digest = createHash('sha1').update(bytes).digest(); // about 1 ms for 470 KB
const source = bytes.toString('utf8');
const cacheFileData = readCache();
const cachedData =
  cacheFileData && cacheFileData.subarray(0, DIGEST_BYTES).equals(digest)
    ? cacheFileData.subarray(DIGEST_BYTES)
    : undefined;
// The CommonJS wrapper on a line of its own, and lineOffset -1: positions in stack traces and
// source maps stay those of the bundle.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
  filename: bundleFile,
  lineOffset: -1,
  ...(cachedData ? { cachedData } : {}),
});
// Said at exit (NODE_DEBUG=evote_code_cache), so that writing it is no part of a measured cold start.
const verdict = !cacheFileData
  ? 'is missing'
  : !cachedData || script.cachedDataRejected
    ? 'was rejected'
    : 'was accepted';
process.once('exit', () => debug('cache for %s %s', bundleFile, verdict));

if (process.env.EVOTE_CODE_CACHE_WRITE === 'true') {
  // At exit, after the events: the cache then includes the functions they compiled.
  process.once('exit', () => fs.writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])));
}

// The bundle's `module.exports = ...` lands on this module: Lambda finds the handler here.
script
  .runInThisContext()
  .call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, __dirname);
