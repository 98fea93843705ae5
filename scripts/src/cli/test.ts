/**
 * `yarn test [jest args]`: type check, lint, then every unit and integration test (jest), and a
 * last line `N passed, N failed` read from jest's own results. Exits non-zero on any failure.
 * `yarn test --only <jest args>` skips the type check and lint.
 *
 * EVOTE_TEST_POPULATION (scripts/src/testing/population.ts) sizes the suites that grew: `full`
 * by default and in `yarn test:full`, `ci` in `bash .ci/run`. It is checked before anything runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { ensureWebBuilt, webPaths } from '../web/build';
import { testPopulation } from '../testing/population';

function run(command: string, args: string[], cwd: string): number {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status ?? 1;
}

/** Runs `yarn <script>` with its output kept, to be printed in one block once it is done. */
function runQuietly(script: string, cwd: string): Promise<{ script: string; status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('yarn', [script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (error) => resolve({ script, status: 1, output: error.message }));
    child.once('close', (code) =>
      resolve({ script, status: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/**
 * The type check and the lint side by side: each is one single-threaded process, so on two
 * cores both take about as long as the longer one alone. Each one's output is printed whole,
 * in this order, when both are done; returns the scripts that failed.
 */
async function checkAndLint(root: string): Promise<string[]> {
  const started = Date.now();
  const results = await Promise.all(['typecheck', 'lint'].map((script) => runQuietly(script, root)));
  for (const { script, status, output } of results) {
    console.log(`\n== yarn ${script}${status === 0 ? '' : ` (exit ${status})`}`);
    if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  }
  console.log(`(type check and lint: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return results.filter(({ status }) => status !== 0).map(({ script }) => script);
}

/**
 * Two test files at a time at least. Jest's default, one worker fewer than the cores, runs one
 * file at a time on two cores, and most integration suites spend much of their time waiting
 * (on DynamoDB Local, on the bus's retry back-off, on a browser). On the CI machine (2 cores)
 * the CI population took 364 s of jest instead of 497 s, every test passing, load average at
 * most 7 (docs/performance.md). Given `--maxWorkers`/`-w` or `--runInBand`/`-i`, jest decides.
 */
function workerArgs(jestArgs: string[]): string[] {
  const chosen = jestArgs.some((arg) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(arg));
  return chosen ? [] : [`--maxWorkers=${Math.max(2, os.availableParallelism() - 1)}`];
}

async function main(): Promise<number> {
  const root = repoRoot();
  const argv = process.argv.slice(2);
  const only = argv[0] === '--only';
  const jestArgs = only ? argv.slice(1) : argv;
  const population = testPopulation();
  if (!only) {
    const failed = await checkAndLint(root);
    if (failed.length) {
      console.log(failed.map((script) => `yarn ${script} failed`).join('\n'));
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const resultsFile = path.join(root, '.evote', 'test-results.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  // The browser tests load the built pages: build them first when their sources changed.
  await ensureWebBuilt(webPaths(root), (line) => console.log(`\n== ${line}`));
  console.log(
    `\n== jest (population ${population}${population === 'ci' ? ': smaller chaos and crash runs; `yarn test:full` runs the full ones' : ''})`,
  );
  const status = run(
    path.join(root, 'node_modules', '.bin', 'jest'),
    ['--json', `--outputFile=${resultsFile}`, ...workerArgs(jestArgs), ...jestArgs],
    root,
  );
  if (!fs.existsSync(resultsFile)) {
    console.log('jest wrote no results');
    console.log('0 passed, 1 failed');
    return status || 1;
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  const failed = results.numFailedTests + (results.numFailedTests === 0 ? results.numFailedTestSuites : 0);
  console.log(`${results.numPassedTests} passed, ${failed} failed`);
  return status;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.log(`yarn test failed: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
