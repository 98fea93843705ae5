import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import type { TestStack } from './harness';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's commands (scripts/src/cli/<script>) against a test stack and
 * resolves with its stdout; rejects when it exits non-zero. Asynchronous on purpose: the
 * stack's bus and gateway run in this process, so a synchronous spawn would block them while
 * the command talks to them.
 */
export async function runCommand(t: TestStack, script: string, args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await runCommandResult(t, script, args);
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr}`);
  return stdout;
}

/** Like `runCommand`, but resolves with the exit code and both outputs whatever the code. */
export function runCommandResult(t: TestStack, script: string, args: readonly string[]): Promise<CommandResult> {
  return runCli(t.stack.urls, script, args);
}

/** The endpoints of a running local stack, in this process (`TestStack`) or in a child (`StackProcess`). */
export interface StackUrls {
  http: string;
  eventBridge: string;
  dynamodb: string;
}

/**
 * Runs one of the project's commands (scripts/src/cli/<script>) as a child process against the
 * stack at `urls`, and resolves with the exit code and both outputs whatever the code.
 */
export function runCli(urls: StackUrls, script: string, args: readonly string[] = []): Promise<CommandResult> {
  const root = repoRoot();
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(root, 'scripts', 'src', 'cli', script), ...args],
    {
      cwd: root,
      // PORT: `yarn token` asks the gateway on that port for its token, as it asks `yarn start`'s.
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
        AWS_ENDPOINT_URL_EVENTBRIDGE: urls.eventBridge,
        PORT: new URL(urls.http).port,
      },
    },
  );
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}
