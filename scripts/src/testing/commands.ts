import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import type { TestStack } from './harness';

/**
 * Runs one of the project's commands (scripts/src/cli/<script>) against a test stack and
 * resolves with its stdout. Asynchronous on purpose: the stack's bus and gateway run in this
 * process, so a synchronous spawn would block them while the command talks to them.
 */
export function runCommand(t: TestStack, script: string, args: readonly string[]): Promise<string> {
  const root = repoRoot();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'src', 'cli', script), ...args], {
    cwd: root,
    env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: t.stack.urls.dynamodb, AWS_ENDPOINT_URL_EVENTBRIDGE: t.stack.urls.eventBridge },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${Buffer.concat(stderr).toString('utf8')}`));
    });
  });
}
