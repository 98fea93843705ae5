/**
 * `yarn test [jest args]`: type check, lint, then every unit and integration test (jest), and a
 * last line `N passed, N failed` read from jest's own results. Exits non-zero on any failure.
 * `yarn test --only <jest args>` skips the type check and lint.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { ensureWebBuilt, webPaths } from '../web/build';

function run(command: string, args: string[], cwd: string): number {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const root = repoRoot();
  const argv = process.argv.slice(2);
  const only = argv[0] === '--only';
  const jestArgs = only ? argv.slice(1) : argv;
  if (!only) {
    for (const script of ['typecheck', 'lint']) {
      console.log(`\n== yarn ${script}`);
      if (run('yarn', [script], root) !== 0) {
        console.log(`yarn ${script} failed`);
        console.log('0 passed, 1 failed');
        return 1;
      }
    }
  }
  const resultsFile = path.join(root, '.evote', 'test-results.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  // The browser tests load the built pages: build them first when their sources changed.
  await ensureWebBuilt(webPaths(root), (line) => console.log(`\n== ${line}`));
  console.log('\n== jest');
  const status = run(
    path.join(root, 'node_modules', '.bin', 'jest'),
    ['--json', `--outputFile=${resultsFile}`, ...jestArgs],
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
