import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { UsageError, parseStageCommand } from './stageCommand';

describe('stage command line', () => {
  it('reads the stage, region, flags and any number of --param', () => {
    expect(
      parseStageCommand(
        ['--stage', 'dev', '--param=a=1', '--param', 'b=2', '--region=eu-west-1', '--dry-run', '--force'],
        'usage',
        ['force'],
      ),
    ).toEqual({
      options: { stage: 'dev', region: 'eu-west-1', params: ['a=1', 'b=2'] },
      dryRun: true,
      flags: { 'dry-run': true, force: true },
    });
  });

  it('requires a stage and refuses what it does not know', () => {
    expect(() => parseStageCommand(['--dry-run'], 'usage: x')).toThrow(new UsageError('--stage is required\nusage: x'));
    expect(() => parseStageCommand(['--stage', 'dev', '--force'], 'usage: x')).toThrow('unknown option --force');
    expect(() => parseStageCommand(['--stage', 'dev', '--param', 'nokey'], 'usage: x')).toThrow(UsageError);
  });
});

/** Runs a command as `yarn <name>` would; none of these reaches AWS. */
const cli = (script: string, args: string[]) =>
  spawnSync(path.join(repoRoot(), 'node_modules', '.bin', 'tsx'), [path.join(__dirname, script), ...args], {
    cwd: repoRoot(),
    encoding: 'utf8',
  });

describe('the commands', () => {
  it('yarn deploy --dry-run prints the commands and runs none', () => {
    const result = cli('deploy.ts', ['--stage', 'dev', '--dry-run']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // The services in order between the web app's build and its upload (whose calls deploy.test.ts pins).
    expect(lines.slice(0, 6)).toEqual([
      '# yarn deploy --stage dev: dry run, nothing is run',
      'events    build events/web/dist (scripts/src/web/build.ts)',
      'events    (cd events && yarn sls deploy --stage dev)',
      'voters    (cd voters && yarn sls deploy --stage dev)',
      'elections (cd elections && yarn sls deploy --stage dev)',
      'audit     (cd audit && yarn sls deploy --stage dev)',
    ]);
    expect(lines.at(-1)).toMatch(/^events +CloudFront CreateInvalidation /);
  });

  it('yarn run remove without --disable-deletion-protection refuses with exit 2, even as a dry run', () => {
    const result = cli('remove.ts', ['--stage', 'dev', '--dry-run']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^refusing to remove stage dev: these resources have deletion protection/);
    expect(result.stderr).toContain('  audit      DynamoDB table evote-dev-audit\n');
    expect(result.stderr).toContain('yarn run remove --stage dev --disable-deletion-protection\n');
  });
});
