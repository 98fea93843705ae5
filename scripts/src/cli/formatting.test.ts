/**
 * `yarn lint` checks formatting: its script runs prettier in check mode over every code file, with
 * the repository's own configuration, which refuses an unformatted file and accepts it once formatted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../local/paths';

const root = repoRoot();
const prettierBin = path.join(root, 'node_modules', '.bin', 'prettier');

function prettier(...args: string[]): number | null {
  return spawnSync(prettierBin, ['--config', path.join(root, '.prettierrc.json'), '--log-level', 'silent', ...args])
    .status;
}

describe('yarn lint checks formatting', () => {
  it('runs prettier --check over every TypeScript and JavaScript file', () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.lint).toMatch(/prettier --check .*'\*\*\/\*\.\{ts,js,mjs,cjs\}'/);
  });

  it('refuses an unformatted file under the repository configuration and accepts it formatted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-format-'));
    try {
      const file = path.join(dir, 'tally.ts');
      fs.writeFileSync(file, 'export const tally = {candidateId:"f5484e",\n  voteCount:1}\n');
      expect(prettier('--check', file)).toBe(1);
      expect(prettier('--write', file)).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe("export const tally = { candidateId: 'f5484e', voteCount: 1 };\n");
      expect(prettier('--check', file)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
