/**
 * A cache of function bundles shared by every local stack of one checkout: a test suite starts a
 * stack of its own, and bundling its thirteen functions was most of the start (about 10 s of a
 * 15 s start on two cores). A bundle is reused when it was built with the same esbuild options
 * from input files of the same size and modification time; esbuild's own metafile says which
 * files those are.
 *
 * Layout: `<cacheDir>/<options hash>/<inputs hash>/<file>.js` (+ `.js.map`), never written twice:
 * a build goes to a fresh folder that is renamed into place, so a stack still running on an older
 * bundle is never disturbed. `<cacheDir>/<options hash>/inputs.json` lists the inputs of the
 * latest build. Entries left behind by older inputs are removed after a day.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { replaceFile } from '../files';

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

interface InputsRecord {
  /** Input files (absolute), as the last build's metafile listed them. */
  inputs: string[];
}

/** Builds `options` (its `outfile` names the file) or reuses an identical earlier build; returns the bundle's path. */
export async function cachedBuild(options: BuildOptions, cacheDir: string): Promise<string> {
  const outfile = options.outfile as string;
  const name = path.basename(outfile);
  const optionsDir = path.join(cacheDir, hashOf({ ...options, outfile: name, esbuildVersion, cwd: process.cwd() }));
  const known = readInputs(optionsDir);
  if (known) {
    const cached = path.join(optionsDir, stampsHash(known.inputs), name);
    if (fs.existsSync(cached)) return cached;
  }
  const scratch = path.join(optionsDir, `building-${process.pid}-${randomUUID()}`);
  const result = await build({ ...options, outfile: path.join(scratch, name), metafile: true });
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((input) => path.resolve(input));
  const entry = path.join(optionsDir, stampsHash(inputs));
  try {
    fs.renameSync(scratch, entry);
  } catch {
    // Another stack built the same bundle meanwhile: use theirs, drop ours.
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  replaceFile(path.join(optionsDir, 'inputs.json'), JSON.stringify({ inputs } satisfies InputsRecord));
  removeStale(optionsDir, path.basename(entry));
  return path.join(entry, name);
}

function readInputs(optionsDir: string): InputsRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(optionsDir, 'inputs.json'), 'utf8')) as InputsRecord;
  } catch {
    return undefined;
  }
}

/** The inputs' sizes and modification times, hashed; a missing file changes it too. */
function stampsHash(inputs: readonly string[]): string {
  const stamps = inputs.map((file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? `${file}:${stat.size}:${stat.mtimeMs}` : `${file}:missing`;
  });
  return hashOf(stamps);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

function removeStale(optionsDir: string, keep: string): void {
  const now = Date.now();
  for (const entry of fs.readdirSync(optionsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const folder = path.join(optionsDir, entry.name);
    if (now - fs.statSync(folder).mtimeMs > STALE_AFTER_MS) fs.rmSync(folder, { recursive: true, force: true });
  }
}
