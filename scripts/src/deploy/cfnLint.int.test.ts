/**
 * AWS's own template linter, cfn-lint (Python; not an npm package), over the four packaged
 * templates and the events template packaged with an alarm e-mail (the condition's other side).
 * No finding may be left: every error fails, and every warning is either fixed or ignored by
 * rule id, with its reason, in the repository's `.cfnlintrc`. A machine without cfn-lint fails
 * this test with the way to install it, rather than passing without linting anything.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { SERVICES } from './package-all';
import { packagedTemplates, packagedVariant, variantTemplatePath } from './packaged';

const STAGE = 'ci';
const WITH_EMAIL = { alarmEmail: 'ops@example.com' };
const root = repoRoot();

interface Finding {
  Rule: { Id: string };
  Message: string;
  /** Null for a finding about cfn-lint's own configuration (a missing file, a bad option). */
  Filename: string | null;
  Location: { Start: { LineNumber: number } };
}

/** Runs cfn-lint; `cwd` matters, since cfn-lint also reads a `.cfnlintrc` it finds there. */
function cfnLint(
  args: string[],
  cwd = root,
): { status: number | null; stdout: string; stderr: string; missing: boolean } {
  const result = spawnSync('cfn-lint', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', missing };
}

const templateFiles = () => [
  ...SERVICES.map((service) => path.join(root, service, '.serverless', 'cloudformation-template-update-stack.json')),
  variantTemplatePath(root, 'events', STAGE, WITH_EMAIL),
];

beforeAll(async () => {
  await packagedTemplates(root, STAGE);
  await packagedVariant(root, 'events', STAGE, WITH_EMAIL);
}, 300_000);

describe('cfn-lint', () => {
  it('is installed (pipx install cfn-lint, or pip install cfn-lint)', () => {
    const version = cfnLint(['--version']);
    if (version.missing)
      throw new Error(
        'cfn-lint (AWS CloudFormation Linter) is not on PATH. Install it with `pipx install cfn-lint` ' +
          '(or `pip install cfn-lint`), then run the tests again.',
      );
    expect(version.stdout).toMatch(/^cfn-lint \d+\./);
  });

  it('finds nothing in the packaged templates, with only the ignores of .cfnlintrc', () => {
    const lint = cfnLint(['--config-file', path.join(root, '.cfnlintrc'), '--format', 'json', ...templateFiles()]);
    if (lint.missing) throw new Error('cfn-lint is not installed: `pipx install cfn-lint` or `pip install cfn-lint`');
    let findings: Finding[];
    try {
      findings = JSON.parse(lint.stdout) as Finding[];
    } catch {
      throw new Error(`cfn-lint did not report JSON (exit ${lint.status}):\n${lint.stdout}\n${lint.stderr}`);
    }
    const readable = findings.map(
      (finding) =>
        `${finding.Rule.Id} ${path.relative(root, finding.Filename ?? '.')}:${finding.Location.Start.LineNumber} ${finding.Message}`,
    );
    expect(readable).toEqual([]);
    expect(lint.status).toBe(0);
  });

  it('still reports what .cfnlintrc does not ignore (the ignore list is not a blanket)', () => {
    const events = path.join(root, 'events', '.serverless', 'cloudformation-template-update-stack.json');
    const lint = cfnLint(['--format', 'json', events], os.tmpdir());
    if (lint.missing) throw new Error('cfn-lint is not installed: `pipx install cfn-lint` or `pip install cfn-lint`');
    const ids = (JSON.parse(lint.stdout) as Finding[]).map((finding) => finding.Rule.Id);
    expect(ids).toContain('W3005');
  });
});
