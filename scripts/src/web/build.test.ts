import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { buildWebApp, sizeReport, STAMP, staleness, webPaths, WEB_BUDGET_BYTES, type WebPaths } from './build';

/** A copy of the app (and the shared files it imports) in a temporary root, so the test can touch its sources. */
function copyOfTheApp(): { root: string; paths: WebPaths } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-web-'));
  const real = webPaths(repoRoot());
  const paths = webPaths(root);
  fs.cpSync(real.sourceDir, paths.sourceDir, { recursive: true });
  fs.cpSync(real.publicDir, paths.publicDir, { recursive: true });
  fs.cpSync(path.join(repoRoot(), 'shared', 'src'), path.join(root, 'shared', 'src'), { recursive: true });
  // Sources written a minute ago, so a build dated back a few seconds (below) is still newer.
  const aMinuteAgo = new Date(Date.now() - 60_000);
  for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' }))
    fs.utimesSync(path.join(root, file), aMinuteAgo, aMinuteAgo);
  return { root, paths };
}

/**
 * Edits a file after the last build: the build is dated 10 s back and the file now, so even a
 * file system with a coarse clock sees the file as newer.
 */
function touchAfterBuild(paths: WebPaths, file: string): void {
  const earlier = new Date(Date.now() - 10_000);
  fs.utimesSync(path.join(paths.outDir, STAMP), earlier, earlier);
  const now = new Date();
  fs.utimesSync(file, now, now);
}

describe('the web app build', () => {
  const { root, paths } = copyOfTheApp();
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is stale before the first build, and fresh after it', async () => {
    expect(staleness(paths)).toMatch(/missing/);
    await buildWebApp(paths);
    expect(staleness(paths)).toBeUndefined();
  });

  it('writes the three pages, one module per page, a stylesheet, within the budget', () => {
    const report = sizeReport(paths);
    const files = report.files.map((file) => file.file);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'results.html',
        'audit.html',
        'assets/voter.js',
        'assets/results.js',
        'assets/audit.js',
        'assets/app.css',
      ]),
    );
    for (const file of report.files) expect(file.gzipBytes).toBeLessThan(file.bytes + 64);
    expect(report.totalGzipBytes).toBeGreaterThan(0);
    expect(report.totalGzipBytes).toBeLessThanOrEqual(WEB_BUDGET_BYTES);
    expect(report.withinBudget).toBe(true);
    // Minified: no source comments survive.
    expect(fs.readFileSync(path.join(paths.outDir, 'assets', 'voter.js'), 'utf8')).not.toMatch(/\/\*\*/);
  });

  it('is stale when a source, a page, a shared file it imports, or a new source changes', async () => {
    fs.writeFileSync(path.join(paths.sourceDir, 'extra.ts'), 'export {};\n');
    const changed = [
      path.join(paths.sourceDir, 'tracker.ts'),
      path.join(paths.publicDir, 'index.html'),
      path.join(root, 'shared', 'src', 'names.ts'),
      path.join(paths.sourceDir, 'extra.ts'),
    ];
    for (const file of changed) {
      await buildWebApp(paths);
      expect(staleness(paths)).toBeUndefined();
      touchAfterBuild(paths, file);
      expect(staleness(paths)).toBe(`${path.basename(file)} changed since the last build`);
      const aMinuteAgo = new Date(Date.now() - 60_000);
      fs.utimesSync(file, aMinuteAgo, aMinuteAgo);
    }
  });

  it('is stale when a file the last build read was removed, or the output is gone', async () => {
    await buildWebApp(paths);
    fs.rmSync(path.join(paths.sourceDir, 'extra.ts'));
    expect(staleness(paths)).toBeUndefined(); // extra.ts was never imported: not an input of the bundles
    fs.renameSync(path.join(paths.sourceDir, 'shares.ts'), path.join(root, 'shares.ts'));
    expect(staleness(paths)).toBe('shares.ts was removed since the last build');
    fs.renameSync(path.join(root, 'shares.ts'), path.join(paths.sourceDir, 'shares.ts'));
    fs.rmSync(paths.outDir, { recursive: true });
    expect(staleness(paths)).toMatch(/missing/);
  });
});
